import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import type { AccessAgreement, AgreementStatus } from '../AccessAgreement.ts';
import { AGREEMENTS_TOPIC } from './agreementsTopic.ts';

/** What happened to an agreement. Expiry is no event: it follows from `expiresAt` at read time. */
export type AgreementEventType = 'requested' | 'approved' | 'rejected' | 'revoked';

/** The event types, as the guard accepts them. */
export const AGREEMENT_EVENT_TYPES: readonly AgreementEventType[] = ['requested', 'approved', 'rejected', 'revoked'];

/** A change of an access agreement, as the governance topic holds it (keyed by the agreement's id). */
export interface AgreementEvent {
  type: AgreementEventType;
  /**
   * The agreement after the change, whole: the topic is compacted, so the
   * last record of an agreement may be all that is left of it. Its status is
   * the event's type, or `approved` for a request the product auto-approved.
   */
  agreement: AccessAgreement;
  /**
   * Which change of the agreement this is (1 for the request). A replica
   * applies an event only when it is newer than what it holds, so two
   * replicas deciding one request at once cannot both win.
   */
  revision: number;
}

/** Schema versions of AgreementEvent this code reads; it writes the last. */
export const AGREEMENT_EVENT_VERSIONS = ['1'] as const;

const STORED_STATUSES: readonly AgreementStatus[] = ['requested', 'approved', 'rejected', 'revoked'];

/** The record that appends `event` to the governance topic. */
export function agreementRecord(event: AgreementEvent, recordedAt: string): NewRecord {
  return {
    key: event.agreement.id,
    value: JSON.stringify(event),
    headers: {
      [HEADERS.producer]: AGREEMENTS_TOPIC.owner,
      [HEADERS.schemaVersion]: AGREEMENT_EVENT_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: recordedAt,
      [HEADERS.recordedAt]: recordedAt,
    },
  };
}

/**
 * Reads an agreement event from a record value and its schema-version header,
 * or throws `EventRejected` saying why: the topic is input like any other.
 */
export function parseAgreementEvent(value: Buffer | string, schemaVersion: string | undefined): AgreementEvent {
  assertSchemaVersion(schemaVersion, AGREEMENT_EVENT_VERSIONS, 'AgreementEvent');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  const raw = object['agreement'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EventRejected(`field "agreement" must be an object, but is ${JSON.stringify(raw) ?? 'missing'}`);
  const fields = raw as Record<string, unknown>;
  const of = fieldsOf(fields);
  const optional = <T>(name: string, read: (name: string) => T): T | undefined => (fields[name] === undefined || fields[name] === null ? undefined : read(name));
  let agreement: AccessAgreement;
  try {
    agreement = {
      id: of.string('id'),
      urn: of.string('urn'),
      consumer: of.string('consumer'),
      purpose: of.string('purpose'),
      justification: of.string('justification'),
      status: of.oneOf('status', STORED_STATUSES),
      requestedAt: of.dateTime('requestedAt'),
      requestedDays: optional('requestedDays', (name) => of.integer(name, 1)),
      decidedAt: optional('decidedAt', of.dateTime),
      decidedBy: optional('decidedBy', of.string),
      reason: optional('reason', of.string),
      expiresAt: optional('expiresAt', of.dateTime),
    };
  } catch (error) {
    throw new EventRejected(`agreement: ${error instanceof EventRejected ? error.reason : String(error)}`);
  }
  const event: AgreementEvent = { type: field.oneOf('type', AGREEMENT_EVENT_TYPES), agreement, revision: field.integer('revision', 1) };
  const expected = event.type === 'requested' ? ['requested', 'approved'] : [event.type];
  if (!expected.includes(agreement.status)) throw new EventRejected(`a "${event.type}" event cannot leave the agreement ${agreement.status}`);
  if (agreement.status === 'approved' && agreement.expiresAt === undefined) throw new EventRejected('an approved agreement needs "expiresAt"');
  return event;
}
