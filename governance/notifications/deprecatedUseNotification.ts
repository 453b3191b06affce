import type { DataProductDescriptor } from '../../schema/index.ts';
import type { Notification } from './Notification.ts';

/** A consumer's use of a field deprecated with a sunset, on one day. */
export interface DeprecatedUse {
  readonly consumer: string;
  /** The operation that used it (its name, or its document's hash). */
  readonly operation: string;
  /** `Type.field`, `Type.field(arg:)` or `Enum.VALUE`. */
  readonly coordinate: string;
  readonly reason: string;
  /** `YYYY-MM-DD`. */
  readonly sunset: string;
  /** When it was used, ISO-8601. */
  readonly at: string;
}

/**
 * The notification that `use.consumer` used a field deprecated with a
 * sunset: to that consumer and the owners of the product it belongs to. Its
 * id is the consumer's, the field's and the day's: told once a day, however
 * many replicas served the use.
 */
export function deprecatedUseNotification(use: DeprecatedUse, product: Pick<DataProductDescriptor, 'urn' | 'domain'>): Notification {
  const { consumer, operation, coordinate, reason, sunset, at } = use;
  return {
    id: `deprecated-field:${consumer}:${coordinate}:${at.slice(0, 10)}`,
    kind: 'DEPRECATED_FIELD_USED',
    urn: product.urn,
    at,
    message: `${consumer} used "${coordinate}" (operation ${operation}), deprecated: “${reason}”. It may be removed from ${sunset} on: move off it before then.`,
    consumer,
    fields: [coordinate],
    operations: [operation],
    sunset,
    to: { consumers: [consumer], owners: [product.domain] },
  };
}
