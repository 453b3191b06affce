import type { SubgraphEndpoint } from '../schema/index.ts';

/**
 * The demo mesh's domains and their default ports, as `npm start` and
 * docker compose run them; `meshgraph subgraph <name>` runs
 * `demo/domains/<name>` for each.
 */
export const DEMO_SUBGRAPH_PORTS: Readonly<Record<string, number>> = { listeners: 4001, podcasts: 4002, artists: 4003, insights: 4004 };

/** Where the gateway finds the demo mesh's domains when `MESHGRAPH_SUBGRAPHS` is unset: each on its default port. */
export const DEMO_SUBGRAPH_ENDPOINTS: readonly SubgraphEndpoint[] = Object.entries(DEMO_SUBGRAPH_PORTS).map(([name, port]) => ({
  name,
  url: `http://localhost:${port}/graphql`,
}));
