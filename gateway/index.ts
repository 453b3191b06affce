export { createGateway } from './createGateway.ts';
export type { Gateway } from './createGateway.ts';
export type { GatewayOptions } from './GatewayOptions.ts';
export { readSubgraphEndpoints } from './subgraphEndpoints.ts';
export { createMeshCatalog } from './catalog/index.ts';
export type { SubgraphEndpoint } from './subgraphEndpoints.ts';
export { composeSupergraph, CompositionError } from './composeSupergraph.ts';
export { composeMeshSupergraph, CATALOG_ROUTING_URL } from './composeMeshSupergraph.ts';
export { fetchSubgraphSdl } from './fetchSubgraphSdl.ts';
export { readSupergraph, InvalidSupergraphError } from './readSupergraph.ts';
export { readSupergraphFile } from './watchSupergraphFile.ts';
export { createSupergraphFileSource } from './createSupergraphFileSource.ts';
export type { SupergraphFileSource, SupergraphFileSourceOptions } from './createSupergraphFileSource.ts';
// The depth measure moved to the operation limits every server shares; exported here as before.
export { documentDepth } from '../server/index.ts';
export { SubgraphDataSource } from './SubgraphDataSource.ts';
export type { SubgraphState } from './SubgraphDataSource.ts';
export type { GatewayContext } from './GatewayContext.ts';
export type { BackoffOptions } from '../common/index.ts';
