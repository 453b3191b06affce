import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBook } from '../Governance.ts';
import type { MeshPolicy } from '../policy/index.ts';
import { dataProductAccess } from './dataProductAccess.ts';
import type { GovernanceResolvers } from './GovernanceResolvers.ts';

/** What `DataProduct.access` decides with. */
export interface DataProductAccessOptions {
  policy: MeshPolicy;
  agreements: AgreementBook;
  /** Every data product of the mesh (the gateway's catalog), so a field is decided across the products that describe it. @default the product alone */
  descriptors?: () => Promise<readonly DataProductDescriptor[]>;
}

/** `DataProduct.access`: what the caller may read of the product, decided as its queries are. */
export function createDataProductAccessResolvers({ policy, agreements, descriptors }: DataProductAccessOptions): GovernanceResolvers {
  return {
    DataProduct: {
      access: async (product: DataProductDescriptor, _args, { consumer }) =>
        dataProductAccess(product, { consumer, policy, agreement: (urn) => (consumer ? agreements.granted(consumer.id, urn) : undefined) }, await descriptors?.()),
    },
  };
}
