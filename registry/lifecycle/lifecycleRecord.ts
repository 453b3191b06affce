import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { DATA_PRODUCT_STATUSES, type DataProductDescriptor } from '../../schema/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import { LIFECYCLE_TOPIC } from './lifecycleTopic.ts';
import type { LifecycleChange, ProductLifecycle } from './ProductLifecycle.ts';

/** Schema versions of a lifecycle record this code reads; it writes the last. */
export const LIFECYCLE_RECORD_VERSIONS = ['1'] as const;

/** The record of a product's whole lifecycle, keyed by its URN, at the time of its latest move. */
export function lifecycleRecord(lifecycle: ProductLifecycle): NewRecord {
  const at = lifecycle.history.at(-1)?.at ?? new Date().toISOString();
  return {
    key: lifecycle.urn,
    value: JSON.stringify(lifecycle),
    headers: { [HEADERS.producer]: LIFECYCLE_TOPIC.owner, [HEADERS.schemaVersion]: LIFECYCLE_RECORD_VERSIONS.at(-1)!, [HEADERS.occurredAt]: at, [HEADERS.recordedAt]: at },
  };
}

/** Reads the optional text fields of a move or a lifecycle: absent, or a non-empty string. */
const optionalTexts = (object: Record<string, unknown>) => {
  const field = fieldsOf(object);
  const read = (name: 'reason' | 'successor' | 'sunset') => (object[name] === undefined || object[name] === null ? {} : { [name]: field.string(name) });
  return { ...read('reason'), ...read('successor'), ...read('sunset') };
};

function parseChange(value: unknown, i: number): LifecycleChange {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EventRejected(`field "history[${i}]" must be a move: { urn, from, to, reason, by, at }`);
  const object = value as Record<string, unknown>;
  const field = fieldsOf(object);
  return {
    urn: field.string('urn'),
    from: field.oneOf('from', DATA_PRODUCT_STATUSES),
    to: field.oneOf('to', DATA_PRODUCT_STATUSES),
    reason: field.string('reason'),
    ...optionalTexts(object),
    by: field.string('by'),
    at: field.dateTime('at'),
  };
}

/**
 * Reads a record of the lifecycle topic: a product's whole lifecycle whose
 * history ends in the status it states; throws `EventRejected` saying why
 * not (the topic is input like any other).
 */
export function parseLifecycleRecord(value: Buffer | string, schemaVersion: string | undefined): ProductLifecycle {
  assertSchemaVersion(schemaVersion, LIFECYCLE_RECORD_VERSIONS, 'ProductLifecycle');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  const urn = field.string('urn');
  const status = field.oneOf('status', DATA_PRODUCT_STATUSES);
  const history = Array.isArray(object['history']) ? object['history'].map(parseChange) : [];
  if (history.length === 0 || history.at(-1)!.to !== status || history.some((change) => change.urn !== urn)) {
    throw new EventRejected(`field "history" must be the moves of ${urn}, oldest first, ending in its status "${status}"`);
  }
  const descriptor = object['descriptor'];
  const known = typeof descriptor === 'object' && descriptor !== null && (descriptor as { urn?: unknown }).urn === urn;
  return { urn, status, ...optionalTexts(object), history, ...(known ? { descriptor: descriptor as DataProductDescriptor } : {}) };
}
