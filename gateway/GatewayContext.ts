/** What the gateway knows about each incoming request. */
export interface GatewayContext {
  /** The caller's name, from `apollographql-client-name`, passed on to subgraphs. */
  clientName?: string;
}
