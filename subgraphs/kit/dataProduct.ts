import { dataProductUrn, type DataProductDescriptor, type DataProductFigures, type DataProductStatus } from '../../schema/index.ts';
import type { RecordExpiry } from './createRecordExpiry.ts';

/**
 * A data product as a domain declares it: the descriptor's fields (ODPS /
 * ODCS) except those the kit fills in (`urn`, `domain`, `team`, `schema`),
 * plus `measure`, which reports live figures for the discovery port, and
 * `expiry`, through which the kit takes records past `retention` out of it.
 */
export interface DataProductDefinition extends Omit<DataProductDescriptor, 'urn' | 'domain' | 'team' | 'schema' | 'status'> {
  /** @default 'active' */
  status?: DataProductStatus;
  /** Live figures; called on each discovery request, so keep it cheap. */
  measure?: () => DataProductFigures;
  /**
   * The product's records by the time they last changed (`createRecordExpiry`):
   * before serving, the kit expires those older than `retention` on the
   * domain's clock, so no query, list, count or entity reference serves them.
   * @default none: the product's state keeps every record (its topic's records are still cut on subscriptions)
   */
  expiry?: Pick<RecordExpiry<unknown>, 'expireBefore'>;
}

/** A definition's URN in `domain`: what tells two majors of one product apart (`…:plays:v1`, `…:plays:v2`). */
export const definitionUrn = (domain: string, definition: Pick<DataProductDefinition, 'name' | 'version'>): string => dataProductUrn(domain, definition.name, definition.version);
