import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import { AuthenticationError, claimsOf, consumerFromClaims } from '../identity/index.ts';
import type { Webhook } from './Webhook.ts';
import { WEBHOOKS_TOPIC } from './webhooksTopics.ts';

/** A change of a consumer's webhook, as the webhooks topic holds it (keyed by the consumer's id). */
export type WebhookEvent = { type: 'set'; webhook: Webhook } | { type: 'removed'; consumer: string; at: string };

/** Schema versions of WebhookEvent this code reads; it writes the last. */
export const WEBHOOK_EVENT_VERSIONS = ['1'] as const;

const keyOf = (event: WebhookEvent) => (event.type === 'set' ? event.webhook.consumer.id : event.consumer);

/** The record that appends `event` to the webhooks topic; the consumer is kept as its token's claims. */
export function webhookRecord(event: WebhookEvent, recordedAt: string): NewRecord {
  const value = event.type === 'set' ? { type: event.type, webhook: { ...event.webhook, consumer: claimsOf(event.webhook.consumer) } } : event;
  return {
    key: keyOf(event),
    value: JSON.stringify(value),
    headers: {
      [HEADERS.producer]: WEBHOOKS_TOPIC.owner,
      [HEADERS.schemaVersion]: WEBHOOK_EVENT_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: recordedAt,
      [HEADERS.recordedAt]: recordedAt,
    },
  };
}

/** Reads a webhook event from a record, or throws `EventRejected` saying why. */
export function parseWebhookEvent(value: Buffer | string, schemaVersion: string | undefined, key: string | null): WebhookEvent {
  assertSchemaVersion(schemaVersion, WEBHOOK_EVENT_VERSIONS, 'WebhookEvent');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  let event: WebhookEvent;
  if (field.oneOf('type', ['set', 'removed']) === 'removed') event = { type: 'removed', consumer: field.string('consumer'), at: field.dateTime('at') };
  else {
    const raw = object['webhook'];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EventRejected(`field "webhook" must be an object, but is ${JSON.stringify(raw) ?? 'missing'}`);
    const of = fieldsOf(raw as Record<string, unknown>);
    let consumer;
    try {
      consumer = consumerFromClaims((raw as Record<string, unknown>)['consumer']);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      throw new EventRejected(`webhook.consumer: ${error.message}`);
    }
    event = { type: 'set', webhook: { consumer, url: of.string('url'), secret: of.string('secret'), createdAt: of.dateTime('createdAt') } };
  }
  if (keyOf(event) !== key) throw new EventRejected(`the record's key ${JSON.stringify(key)} is not the consumer's id "${keyOf(event)}"`);
  return event;
}
