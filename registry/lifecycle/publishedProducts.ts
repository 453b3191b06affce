import type { DataProductDescriptor } from '../../schema/index.ts';
import type { MeshRegistry } from '../createMeshRegistry.ts';

/** The lifecycle book's view of the mesh's data products: the descriptors of the registry's latest publications. */
export function publishedProducts(registry: Pick<MeshRegistry, 'list'>): (urn: string) => DataProductDescriptor | undefined {
  return (urn) => {
    for (const subgraph of registry.list()) {
      const found = subgraph.descriptors.find((descriptor) => descriptor.urn === urn);
      if (found) return found;
    }
    return undefined;
  };
}
