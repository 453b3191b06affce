/** Where a domain's subgraph answers in the mesh: its name and GraphQL endpoint. */
export interface SubgraphEndpoint {
  /** The domain's name, e.g. `podcasts`. */
  name: string;
  /** The GraphQL endpoint, e.g. `http://localhost:4002/graphql`; the discovery port is `/data-products` beside it. */
  url: string;
}
