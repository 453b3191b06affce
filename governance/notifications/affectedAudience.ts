import type { DataProductDescriptor } from '../../schema/index.ts';
import type { AgreementBook } from '../Governance.ts';
import type { NotificationAudience } from './Notification.ts';

/** What the audience of a data product is read from. */
export interface AffectedAudienceOptions {
  /** The access agreements: a consumer with one requested or approved on the product is affected. */
  agreements: Pick<AgreementBook, 'list'>;
  /** The use the gateways recorded (`FieldUsageLog`): a consumer that used one of the product's fields in the window is affected. */
  usage: { usage(since?: string): readonly { readonly consumer: string; readonly coordinate: string }[] };
  /** Days of recorded use that count. @default 30 */
  windowDays?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** The coordinates through which a consumer reads a data product: its ports' query and subscription fields, and each field of the types it describes. */
export function productCoordinates(product: Pick<DataProductDescriptor, 'outputPorts' | 'schema'>): Set<string> {
  return new Set([
    ...product.outputPorts.flatMap((port) => (port.kind === 'topic' ? [] : [port.field])),
    ...product.schema.flatMap((type) => type.fields.map((field) => `${type.name}.${field.name}`)),
  ]);
}

/**
 * The product a coordinate (`Type.field`, `Type.field(arg:)` for its field)
 * belongs to: the one whose port serves it, else the first that describes
 * its type's field.
 */
export function productOf<P extends Pick<DataProductDescriptor, 'outputPorts' | 'schema'>>(products: readonly P[], coordinate: string): P | undefined {
  const field = coordinate.replace(/\(.*\)$/, '');
  return products.find((p) => p.outputPorts.some((port) => port.kind !== 'topic' && port.field === field)) ?? products.find((p) => productCoordinates(p).has(field));
}

/**
 * Who a change of a data product affects: the consumers with an agreement
 * on it (requested or approved) or with observed use of its fields in the
 * usage window (an anonymous caller is nobody to tell), and its domain's
 * owners.
 */
export function affectedAudience({ agreements, usage, windowDays = 30, now = Date.now }: AffectedAudienceOptions): (product: Pick<DataProductDescriptor, 'urn' | 'domain' | 'outputPorts' | 'schema'>) => NotificationAudience {
  return (product) => {
    const coordinates = productCoordinates(product);
    const since = new Date(now() - windowDays * 86_400_000).toISOString();
    const consumers = new Set([
      ...agreements
        .list({ urn: product.urn })
        .filter((agreement) => agreement.status === 'approved' || agreement.status === 'requested')
        .map((agreement) => agreement.consumer),
      ...usage
        .usage(since)
        .filter((use) => use.consumer !== 'anonymous' && coordinates.has(use.coordinate))
        .map((use) => use.consumer),
    ]);
    return { consumers: [...consumers].sort(), owners: [product.domain] };
  };
}
