import { CATALOG_SUBGRAPH, CATALOG_SUBGRAPH_SDL } from './catalog/index.ts';
import { composeSupergraph, CompositionError } from './composeSupergraph.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/**
 * The routing URL a supergraph file gives the catalog subgraph: the gateway
 * serves that subgraph in-process, by name, and never fetches this URL (the
 * `.invalid` top-level domain resolves nowhere, RFC 2606).
 */
export const CATALOG_ROUTING_URL = 'http://meshgraph-catalog.invalid/graphql';

/**
 * Composes the domains' subgraphs into the mesh's supergraph with Apollo
 * Federation 2, with the gateway's built-in catalog subgraph at `catalogUrl`
 * (throws `CompositionError` when they do not compose). The gateway and
 * `meshgraph compose` compose the same way.
 */
export function composeMeshSupergraph(subgraphs: readonly (SubgraphEndpoint & { sdl: string })[], catalogUrl: string = CATALOG_ROUTING_URL): string {
  if (subgraphs.some((s) => s.name === CATALOG_SUBGRAPH)) {
    throw new CompositionError([`"${CATALOG_SUBGRAPH}" is the name of the gateway's built-in catalog subgraph; give that subgraph another name.`]);
  }
  return composeSupergraph([...subgraphs, { name: CATALOG_SUBGRAPH, url: catalogUrl, sdl: CATALOG_SUBGRAPH_SDL }]);
}
