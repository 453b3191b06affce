import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import type { DeliveryAttempt } from './Webhook.ts';
import { WEBHOOK_DELIVERIES_TOPIC } from './webhooksTopics.ts';

/** `pending`: retried until delivered or given up (`abandoned`, after the last try or when the webhook was removed). */
export type DeliveryState = 'pending' | 'delivered' | 'abandoned';

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'abandoned'];

/** The state of one notification's delivery to one consumer, as the deliveries topic holds it. */
export interface Delivery {
  readonly consumer: string;
  readonly notificationId: string;
  /** The notification as it is POSTed (without its audience): kept whole, so whichever replica delivers needs nothing else. */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly state: DeliveryState;
  /** Which change of the delivery this is (1 for its claim). A replica applies a record only when it is newer than what it holds: the first of two claims wins. */
  readonly revision: number;
  /** The replica that delivers it; empty when its replica let it go (it closed). */
  readonly replica: string;
  /** Tries made so far. */
  readonly attempts: number;
  /** When the next try is due, ISO-8601. */
  readonly nextAttemptAt: string;
  /** Past this time (ISO-8601) without news of its replica, another replica takes the delivery over. */
  readonly leaseUntil: string;
  /** The latest try. */
  readonly last?: DeliveryAttempt;
}

/** Schema versions of Delivery this code reads; it writes the last. */
export const DELIVERY_EVENT_VERSIONS = ['1'] as const;

/** The key of a delivery on the deliveries topic: one per consumer and notification. */
export const deliveryKey = (consumer: string, notificationId: string) => JSON.stringify([consumer, notificationId]);

/** The record that appends `delivery` to the deliveries topic. */
export function deliveryRecord(delivery: Delivery, recordedAt: string): NewRecord {
  return {
    key: deliveryKey(delivery.consumer, delivery.notificationId),
    value: JSON.stringify(delivery),
    headers: {
      [HEADERS.producer]: WEBHOOK_DELIVERIES_TOPIC.owner,
      [HEADERS.schemaVersion]: DELIVERY_EVENT_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: recordedAt,
      [HEADERS.recordedAt]: recordedAt,
    },
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseAttempt(raw: unknown): DeliveryAttempt {
  if (!isObject(raw)) throw new EventRejected(`field "last" must be an object, but is ${JSON.stringify(raw)}`);
  const of = fieldsOf(raw);
  const { delivered, status, error } = raw;
  if (typeof delivered !== 'boolean') throw new EventRejected(`field "last.delivered" must be a boolean, but is ${JSON.stringify(delivered) ?? 'missing'}`);
  return {
    at: of.dateTime('at'),
    notificationId: of.string('notificationId'),
    attempt: of.integer('attempt', 1),
    delivered,
    ...(status !== undefined ? { status: of.integer('status', 100, 599) } : {}),
    ...(error !== undefined ? { error: of.string('error') } : {}),
  };
}

/** Reads a delivery from a record, or throws `EventRejected` saying why. */
export function parseDeliveryEvent(value: Buffer | string, schemaVersion: string | undefined, key: string | null): Delivery {
  assertSchemaVersion(schemaVersion, DELIVERY_EVENT_VERSIONS, 'Delivery');
  const object = parseJsonObject(value);
  const of = fieldsOf(object);
  const { payload, replica, last } = object;
  if (!isObject(payload)) throw new EventRejected(`field "payload" must be an object, but is ${JSON.stringify(payload) ?? 'missing'}`);
  if (typeof replica !== 'string') throw new EventRejected(`field "replica" must be a string, but is ${JSON.stringify(replica) ?? 'missing'}`);
  const delivery: Delivery = {
    consumer: of.string('consumer'),
    notificationId: of.string('notificationId'),
    payload,
    state: of.oneOf('state', STATES),
    revision: of.integer('revision', 1),
    replica,
    attempts: of.integer('attempts', 0),
    nextAttemptAt: of.dateTime('nextAttemptAt'),
    leaseUntil: of.dateTime('leaseUntil'),
    ...(last !== undefined ? { last: parseAttempt(last) } : {}),
  };
  const expected = deliveryKey(delivery.consumer, delivery.notificationId);
  if (key !== expected) throw new EventRejected(`the record's key ${JSON.stringify(key)} is not the delivery's ${JSON.stringify(expected)}`);
  return delivery;
}
