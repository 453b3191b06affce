/** Default gateway port; the demo domains' ports follow it (`DEMO_SUBGRAPH_PORTS`). A file of its own: `meshgraph start` reads it without loading the gateway. */
export const GATEWAY_PORT = 4000;
