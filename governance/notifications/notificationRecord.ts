import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import { PRODUCT_KINDS, type Notification } from './Notification.ts';
import { NOTIFICATIONS_TOPIC } from './notificationsTopic.ts';

/** Schema versions of a notification record this code reads; it writes the last. */
export const NOTIFICATION_VERSIONS = ['1'] as const;

/** The record that appends `notification` to the notifications topic, keyed by its id. */
export function notificationRecord(notification: Notification, recordedAt: string): NewRecord {
  return {
    key: notification.id,
    value: JSON.stringify(notification),
    headers: {
      [HEADERS.producer]: NOTIFICATIONS_TOPIC.owner,
      [HEADERS.schemaVersion]: NOTIFICATION_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: notification.at,
      [HEADERS.recordedAt]: recordedAt,
    },
  };
}

const strings = (object: Record<string, unknown>, name: string): string[] | undefined => {
  const value = object[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) throw new EventRejected(`field "${name}" must be an array of strings, but is ${JSON.stringify(value)}`);
  return value;
};

const optionalString = (object: Record<string, unknown>, name: string): string | undefined => (object[name] === undefined ? undefined : fieldsOf(object).string(name));

/** Reads a notification of a data product's life from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseNotificationRecord(value: Buffer | string, schemaVersion: string | undefined): Notification {
  assertSchemaVersion(schemaVersion, NOTIFICATION_VERSIONS, 'Notification');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  const to = object['to'];
  if (typeof to !== 'object' || to === null || Array.isArray(to)) throw new EventRejected(`field "to" must be an object with "consumers" and "owners", but is ${JSON.stringify(to) ?? 'missing'}`);
  const optional = {
    consumer: optionalString(object, 'consumer'),
    fields: strings(object, 'fields'),
    operations: strings(object, 'operations'),
    successor: optionalString(object, 'successor'),
    sunset: optionalString(object, 'sunset'),
  };
  return {
    id: field.string('id'),
    kind: field.oneOf('kind', PRODUCT_KINDS),
    urn: field.string('urn'),
    at: field.dateTime('at'),
    message: field.string('message'),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    to: { consumers: strings(to as Record<string, unknown>, 'consumers') ?? [], owners: strings(to as Record<string, unknown>, 'owners') ?? [] },
  };
}
