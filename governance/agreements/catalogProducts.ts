import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBookOptions } from './createAgreementBook.ts';

/** The agreement book's view of the mesh's data products, from a catalog (the gateway's `MeshCatalog`). */
export function catalogProducts(catalog: { entry(urn: string): Promise<{ descriptor: DataProductDescriptor } | undefined> }): AgreementBookOptions['products'] {
  return async (urn) => {
    const entry = await catalog.entry(urn);
    return entry && { domain: entry.descriptor.domain, autoApprove: entry.descriptor.access?.autoApprove ?? [] };
  };
}
