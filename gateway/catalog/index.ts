export { CATALOG_SUBGRAPH, CATALOG_TYPE_DEFS } from './catalogTypeDefs.ts';
export { CATALOG_SUBGRAPH_SDL } from './catalogSubgraphSdl.ts';
export { createMeshCatalog } from './createMeshCatalog.ts';
export type { MeshCatalog, MeshCatalogOptions, CatalogEntry } from './createMeshCatalog.ts';
export { createCatalogSchema } from './createCatalogSchema.ts';
export type { CatalogSchemaOptions } from './createCatalogSchema.ts';
export { createCatalogExportHandler, CATALOG_EXPORT_PATH } from './catalogExportRoute.ts';
export { mapPolysemes } from './polysemeFacets.ts';
export type { PolysemeMap } from './polysemeFacets.ts';
