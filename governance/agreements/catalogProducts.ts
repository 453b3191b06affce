import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBookOptions } from './createAgreementBook.ts';

/** The agreement book's view of the mesh's data products, from a catalog (the gateway's `MeshCatalog`): with their effective statuses and successors when the catalog has the lifecycle book. */
export function catalogProducts(catalog: { entry(urn: string): Promise<{ descriptor: DataProductDescriptor; lifecycle?: { successor?: string } } | undefined> }): AgreementBookOptions['products'] {
  return async (urn) => {
    const entry = await catalog.entry(urn);
    const successor = entry?.lifecycle?.successor;
    return entry && { domain: entry.descriptor.domain, autoApprove: entry.descriptor.access?.autoApprove ?? [], status: entry.descriptor.status, ...(successor ? { successor } : {}) };
  };
}
