import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBook } from '../Governance.ts';
import type { MeshPolicy } from '../policy/index.ts';
import { dataProductAccess } from './dataProductAccess.ts';
import type { GovernanceResolvers } from './GovernanceResolvers.ts';

/** `DataProduct.access`: what the caller may read of the product, decided as its queries are. */
export function createDataProductAccessResolvers({ policy, agreements }: { policy: MeshPolicy; agreements: AgreementBook }): GovernanceResolvers {
  return {
    DataProduct: {
      access: (product: DataProductDescriptor, _args, { consumer }) =>
        dataProductAccess(product, { consumer, policy, agreement: (urn) => (consumer ? agreements.granted(consumer.id, urn) : undefined) }),
    },
  };
}
