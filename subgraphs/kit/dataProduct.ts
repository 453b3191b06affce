import type { DataProductDescriptor, DataProductFigures, DataProductStatus } from '../../schema/index.ts';

/**
 * A data product as a domain declares it: the descriptor's fields (ODPS /
 * ODCS) except those the kit fills in (`urn`, `domain`, `team`, `schema`),
 * plus `measure`, which reports live figures for the discovery port.
 */
export interface DataProductDefinition extends Omit<DataProductDescriptor, 'urn' | 'domain' | 'team' | 'schema' | 'status'> {
  /** @default 'active' */
  status?: DataProductStatus;
  /** Live figures; called on each discovery request, so keep it cheap. */
  measure?: () => DataProductFigures;
}
