import { DEVICES, type Device } from '../devices.ts';
import { assertSchemaVersion, fieldsOf, parseJsonObject } from './guards.ts';

/** A listener registered: the fact behind listener-profiles. Keyed by listener id. */
export interface ListenerRegisteredEvent {
  listenerId: string;
  displayName: string;
  email: string;
  birthYear: number;
  country: string;
  city: string;
  preferredDevice: Device;
  plan: 'FREE' | 'PREMIUM';
  /** When the listener registered, ISO-8601. */
  occurredAt: string;
}

/** Schema versions of ListenerRegisteredEvent this code reads; it writes the last. */
export const LISTENER_REGISTERED_VERSIONS = ['1'] as const;

/** Reads a registration from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseListenerRegisteredEvent(value: Buffer | string, schemaVersion: string | undefined): ListenerRegisteredEvent {
  assertSchemaVersion(schemaVersion, LISTENER_REGISTERED_VERSIONS, 'ListenerRegisteredEvent');
  const field = fieldsOf(parseJsonObject(value));
  return {
    listenerId: field.string('listenerId'),
    displayName: field.string('displayName'),
    email: field.string('email'),
    birthYear: field.integer('birthYear', 1900, 2100),
    country: field.string('country'),
    city: field.string('city'),
    preferredDevice: field.oneOf('preferredDevice', DEVICES),
    plan: field.oneOf('plan', ['FREE', 'PREMIUM'] as const),
    occurredAt: field.dateTime('occurredAt'),
  };
}
