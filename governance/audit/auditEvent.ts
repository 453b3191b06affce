import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import type { AccessPath, AccessRecord, FieldDecision } from '../AccessDecision.ts';
import { AUDIT_TOPIC } from './auditTopic.ts';

/** Schema versions of an access record on the audit topic this code reads; it writes the last. */
export const AUDIT_EVENT_VERSIONS = ['1'] as const;

/** The paths the guard accepts. */
export const ACCESS_PATHS: readonly AccessPath[] = ['query', 'subscription', 'entity', 'export', 'direct', 'catalog'];

const DECISIONS: readonly FieldDecision[] = ['allowed', 'masked', 'denied'];
const RESTRICTIONS: readonly Exclude<FieldDecision, 'allowed'>[] = ['masked', 'denied'];

/** The header naming the gateway replica (process) that appended an access record, so that replica need not read its own back. */
export const AUDIT_REPLICA_HEADER = 'replica';

/** The record that appends `record` to the audit topic, keyed by its data product's URN; `replica` is the appending process's id, if it has one. */
export function auditRecord(record: AccessRecord, recordedAt: string, replica?: string): NewRecord {
  return {
    key: record.urn,
    value: JSON.stringify(record),
    headers: {
      [HEADERS.producer]: AUDIT_TOPIC.owner,
      [HEADERS.schemaVersion]: AUDIT_EVENT_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: record.at,
      [HEADERS.recordedAt]: recordedAt,
      ...(replica === undefined ? {} : { [AUDIT_REPLICA_HEADER]: replica }),
    },
  };
}

const arrayOf = (object: Record<string, unknown>, name: string): unknown[] => {
  const value = object[name];
  if (!Array.isArray(value)) throw new EventRejected(`field "${name}" must be an array, but is ${JSON.stringify(value) ?? 'missing'}`);
  return value;
};

const objectAt = (value: unknown, where: string): Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EventRejected(`${where} must be an object, but is ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
};

/**
 * Reads an access record from a record value of the audit topic and its
 * schema-version header, or throws `EventRejected` saying why: the topic is
 * input like any other.
 */
export function parseAuditEvent(value: Buffer | string, schemaVersion: string | undefined): AccessRecord {
  assertSchemaVersion(schemaVersion, AUDIT_EVENT_VERSIONS, 'AccessRecord');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  const optional = (name: string) => (object[name] === undefined || object[name] === null ? undefined : field.string(name));
  const fields = arrayOf(object, 'fields').map((coordinate, i) => fieldsOf({ [`fields[${i}]`]: coordinate }).string(`fields[${i}]`));
  const restricted = arrayOf(object, 'restricted').map((entry, i) => {
    const of = fieldsOf(objectAt(entry, `restricted[${i}]`));
    return { field: of.string('field'), decision: of.oneOf('decision', RESTRICTIONS), rule: of.string('rule') };
  });
  const agreement = optional('agreement');
  const purpose = optional('purpose');
  const operationName = optional('operationName');
  const operationHash = optional('operationHash');
  return {
    at: field.dateTime('at'),
    consumer: field.string('consumer'),
    urn: field.string('urn'),
    fields,
    restricted,
    decision: field.oneOf('decision', DECISIONS),
    path: field.oneOf('path', ACCESS_PATHS),
    ...(agreement === undefined ? {} : { agreement }),
    ...(purpose === undefined ? {} : { purpose }),
    ...(operationName === undefined ? {} : { operationName }),
    ...(operationHash === undefined ? {} : { operationHash }),
  };
}
