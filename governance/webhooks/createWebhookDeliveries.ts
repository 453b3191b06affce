import { randomUUID } from 'node:crypto';
import { Counter, Gauge, Registry } from 'prom-client';
import { createBackoff, sleep, type BackoffOptions } from '../../common/index.ts';
import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import { addressedTo, type Notification, type NotificationSource } from '../notifications/index.ts';
import type { WebhookBook } from './createWebhookBook.ts';
import { deliveryKey, deliveryRecord, parseDeliveryEvent, type Delivery, type DeliveryState } from './deliveryEvent.ts';
import { sendWebhook } from './sendWebhook.ts';
import type { DeliveryAttempt, WebhookDeliveryStatus } from './Webhook.ts';
import { WEBHOOK_DELIVERIES_TOPIC } from './webhooksTopics.ts';

export interface WebhookDeliveriesOptions {
  /** The event log of the deliveries topic; created if it is missing. */
  log: EventLog;
  /** Where to deliver, and the audience each consumer had when it set its webhook. */
  webhooks: WebhookBook;
  /** The notifications to deliver: what happens next, and on start what happened in the last `replayMs`. */
  source: NotificationSource;
  /** This process's replica id: who claims and delivers. */
  replica: string;
  logger: Logger;
  /** Tries in all per notification, the first included; after the last a delivery is abandoned. @default 6 */
  attempts?: number;
  /** The waits between tries. @default from 10 s, doubling up to 5 minutes, with full jitter */
  backoff?: BackoffOptions;
  /** How long one try waits for the receiver's answer, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Whether a webhook may be at a loopback, private or link-local address (the gateway's host, its networks, a cloud's metadata service). @default 'refuse' */
  privateNetworks?: 'allow' | 'refuse';
  /** How long past a try's due time (and its timeout) the other replicas wait for news of it before one takes the delivery over, in milliseconds. @default 60000 */
  leaseMs?: number;
  /** How old a notification may be and still be delivered, in milliseconds: on start, those this recent that no replica claimed are (one heard by a replica that stopped before it recorded it); older ones a source tells are not. @default 900000 */
  replayMs?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** Webhook deliveries on this replica, and what consumers see of them. */
export interface WebhookDeliveries {
  /** Resolves once the deliveries and the webhooks were read back and this replica listens to notifications. */
  readonly ready: Promise<void>;
  /** What `consumer` sees of its webhook's deliveries, as the deliveries topic tells it (the same on every replica). */
  status(consumer: string, since?: string): WebhookDeliveryStatus;
  /** Sends the consumer's webhook a signed test (`kind: "PING"`) at once, once, and tells how it went; undefined when it has no webhook. Not recorded: it is no notification. */
  ping(consumer: string): Promise<DeliveryAttempt | undefined>;
  /** `meshgraph_webhook_deliveries_total` by outcome and `meshgraph_webhook_deliveries_pending`, served on the gateway's `/metrics`. */
  readonly metrics: Registry;
  /** Stops delivering and lets go of what this replica delivers, so another replica (or this one restarted) takes it over at once. */
  close(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Delivers notifications to the consumers' webhooks, at least once, from any
 * number of replicas.
 *
 * Who delivers: the replica whose claim comes first on the deliveries topic.
 * Every replica hears every notification (they all follow the same topics),
 * and each appends a claim for each webhook it is addressed to; every replica
 * applies the first claim of a delivery and skips the later ones, so exactly
 * one delivers in the normal case. We chose this over "the replica where the
 * notification arose" (an expiry arises on every replica at once, and a
 * source tells no origin) and over a hash of the consumer over live replicas
 * (which needs a membership of live replicas, heartbeats and a hand-over when
 * it changes): a claim costs one small append per replica, and notifications
 * are rare. The claim is also what makes a delivery survive its replica: it
 * holds the notification whole.
 *
 * How long it is tried: each try is recorded (its outcome, the next due time
 * and a lease), and failed tries are retried with backoff until `attempts`.
 * A replica that closes lets go of its deliveries, and another takes them
 * over at once; one that stops without closing keeps them until its lease
 * runs out. On start a replica also claims what the source tells of the last
 * `replayMs` that no replica recorded (heard, but not claimed before a stop).
 */
export function createWebhookDeliveries(options: WebhookDeliveriesOptions): WebhookDeliveries {
  const { log, webhooks, source, replica, logger, attempts: maxAttempts = 6, timeoutMs = 10_000, privateNetworks = 'refuse', leaseMs = 60_000, replayMs = 900_000, now = Date.now } = options;
  const backoff = createBackoff(options.backoff, { initialDelayMs: 10_000, maxDelayMs: 300_000 });
  const pending = new Map<string, Delivery>();
  const finished = new Set<string>();
  // Claims and take-overs this replica appended and has not applied yet: not claimed twice.
  const claiming = new Set<string>();
  const running = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const lastTries = new Map<string, DeliveryAttempt>();
  const closing = new AbortController();
  let live = false;
  let stopListening = () => {};
  let timer: NodeJS.Timeout | undefined;

  const metrics = new Registry();
  const outcomes = new Counter({
    name: 'meshgraph_webhook_deliveries_total',
    help: 'Tries to deliver a notification to a webhook, by outcome (delivered; failed: retried later; abandoned: the last try failed, or the webhook was removed).',
    labelNames: ['outcome'],
    registers: [metrics],
  });
  new Gauge({
    name: 'meshgraph_webhook_deliveries_pending',
    help: 'Notifications not yet delivered to a webhook and still retried, by every replica.',
    registers: [metrics],
    collect() {
      this.set(pending.size);
    },
  });

  const leaseAfter = (due: number) => iso(due + timeoutMs + leaseMs);

  const track = (promise: Promise<void>) => {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  };

  /** Appends delivery records and waits until this replica applied them; the claim keys stay claimed meanwhile. */
  const append = async (deliveries: readonly Delivery[]) => {
    const keys = deliveries.map((d) => deliveryKey(d.consumer, d.notificationId));
    for (const key of keys) claiming.add(key);
    try {
      const appended = await log.append(
        WEBHOOK_DELIVERIES_TOPIC.name,
        deliveries.map((d) => deliveryRecord(d, iso(now()))),
      );
      await follower.applied(appended.at(-1)!);
    } finally {
      for (const key of keys) claiming.delete(key);
    }
  };

  const known = (key: string) => pending.has(key) || finished.has(key) || claiming.has(key);

  /** Claims the deliveries of a notification to every webhook it is addressed to that no replica claimed yet. */
  const claim = (notification: Notification) => {
    // A source may tell old notifications as it reads them back (a topic's replay): those the replicas that were up claimed long ago, or never will.
    if (closing.signal.aborted || notification.at < iso(now() - replayMs)) return;
    const { to: _audience, ...payload } = notification;
    const at = now();
    const claims: Delivery[] = [];
    for (const webhook of webhooks.all()) {
      if (!addressedTo(notification, webhook.consumer) || known(deliveryKey(webhook.consumer.id, notification.id))) continue;
      // What happened before the webhook was set is not sent to it.
      if (notification.at < webhook.createdAt) continue;
      claims.push({ consumer: webhook.consumer.id, notificationId: notification.id, payload, state: 'pending', revision: 1, replica, attempts: 0, nextAttemptAt: iso(at), leaseUntil: leaseAfter(at) });
    }
    if (claims.length === 0) return;
    track(append(claims).catch((error) => logger.error('could not record webhook deliveries; a replica that starts within the replay window delivers them', { notification: notification.id, err: error })));
  };

  /** One delivery, tried until it ends or another replica has it. */
  const deliver = async (key: string) => {
    for (;;) {
      const delivery = pending.get(key);
      if (!delivery || delivery.replica !== replica || closing.signal.aborted) return;
      const wait = Date.parse(delivery.nextAttemptAt) - now();
      if (wait > 0) {
        await sleep(wait, closing.signal);
        continue;
      }
      const webhook = webhooks.get(delivery.consumer);
      const attempt = delivery.attempts + 1;
      const outcome = webhook
        ? await sendWebhook({ url: webhook.url, secret: webhook.secret, notificationId: delivery.notificationId, body: JSON.stringify(delivery.payload), attempt, timeoutMs, privateNetworks, signal: closing.signal, sentAt: iso(now()) })
        : { delivered: false, error: 'no webhook' };
      const at = now();
      const state: DeliveryState = outcome.delivered ? 'delivered' : !webhook || attempt >= maxAttempts ? 'abandoned' : 'pending';
      const due = state === 'pending' ? at + backoff.delay(attempt - 1) : at;
      outcomes.inc({ outcome: state === 'pending' ? 'failed' : state });
      const fields = { consumer: delivery.consumer, notification: delivery.notificationId, attempt, ...(outcome.status ? { status: outcome.status } : {}), ...(outcome.error ? { error: outcome.error } : {}) };
      if (state === 'delivered') logger.debug('delivered a notification to a webhook', fields);
      else if (state === 'pending') logger.warn('a webhook did not take a notification; retrying', { ...fields, retryAt: iso(due) });
      else logger.error('gave up delivering a notification to a webhook', fields);
      await append([
        { ...delivery, revision: delivery.revision + 1, state, attempts: attempt, nextAttemptAt: iso(due), leaseUntil: leaseAfter(due), last: { at: iso(at), notificationId: delivery.notificationId, attempt, ...outcome } },
      ]);
    }
  };

  /** What this replica does about a pending delivery: deliver its own, take over one whose replica has gone quiet. */
  const react = (key: string) => {
    const delivery = pending.get(key);
    if (!delivery || !live || closing.signal.aborted) return;
    if (delivery.replica === replica) {
      if (running.has(key)) return;
      const run = deliver(key)
        .catch((error) => {
          if (!closing.signal.aborted) logger.error('stopped delivering a notification to a webhook; the next look over the pending deliveries (every lease) tries it again', { delivery: key, err: error });
        })
        .finally(() => running.delete(key));
      running.set(key, run);
    } else if (Date.parse(delivery.leaseUntil) <= now() && !claiming.has(key)) {
      const due = Math.max(Date.parse(delivery.nextAttemptAt), now());
      track(append([{ ...delivery, revision: delivery.revision + 1, replica, leaseUntil: leaseAfter(due) }]).catch((error) => logger.error('could not take over a webhook delivery', { delivery: key, err: error })));
    }
  };

  const apply = (record: LogRecord) => {
    let delivery: Delivery;
    try {
      delivery = parseDeliveryEvent(record.value, record.headers[HEADERS.schemaVersion], record.key);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the webhook deliveries topic that is no delivery', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
      return;
    }
    const key = record.key!;
    const current = pending.get(key);
    // The first record of a revision wins: a later claim, or a try recorded after another replica took the delivery over, is skipped.
    if (finished.has(key) || (current && delivery.revision <= current.revision)) return;
    const { last } = delivery;
    const before = lastTries.get(delivery.consumer);
    if (last && (!before || before.at <= last.at)) lastTries.set(delivery.consumer, last);
    if (delivery.state === 'pending') pending.set(key, delivery);
    else {
      pending.delete(key);
      finished.add(key);
    }
    react(key);
  };

  const follower = createTopicFollower({
    log,
    topic: WEBHOOK_DELIVERIES_TOPIC,
    apply,
    onStop: (error) => logger.error('stopped following the webhook deliveries topic: no webhook is delivered here', { err: error }),
  });

  const sweep = () => {
    for (const key of pending.keys()) react(key);
  };

  const ready = (async () => {
    await Promise.all([follower.caughtUp, webhooks.ready]);
    if (closing.signal.aborted) return;
    live = true;
    // Listening starts before the replay is read, in the same turn: no notification falls between the two.
    stopListening = source.listen(claim);
    for (const notification of source.since(iso(now() - replayMs))) claim(notification);
    sweep();
    timer = setInterval(sweep, leaseMs);
    timer.unref();
  })();

  return {
    ready,
    metrics,
    status(consumer, since = '') {
      const last = lastTries.get(consumer);
      const lastDelivery = last && last.at >= since ? last : undefined;
      let count = 0;
      for (const delivery of pending.values()) if (delivery.consumer === consumer) count++;
      return { ...(lastDelivery ? { lastDelivery } : {}), failing: lastDelivery ? !lastDelivery.delivered : false, pending: count };
    },
    async ping(consumer) {
      const webhook = webhooks.get(consumer);
      if (!webhook) return undefined;
      const sentAt = iso(now());
      const id = `PING:${randomUUID()}`;
      const body = JSON.stringify({ id, kind: 'PING', at: sentAt, message: 'A test of your webhook, sent by pingNotificationWebhook.', consumer });
      const outcome = await sendWebhook({ url: webhook.url, secret: webhook.secret, notificationId: id, body, attempt: 1, timeoutMs, privateNetworks, signal: closing.signal, sentAt });
      return { at: iso(now()), notificationId: id, attempt: 1, ...outcome };
    },
    async close() {
      closing.abort();
      stopListening();
      clearInterval(timer);
      await ready.catch(() => undefined);
      await Promise.allSettled([...running.values(), ...inFlight]);
      const mine = [...pending.values()].filter((d) => d.replica === replica);
      if (mine.length > 0) {
        const released = mine.map((d) => ({ ...d, revision: d.revision + 1, replica: '', leaseUntil: iso(now()) }));
        await log.append(WEBHOOK_DELIVERIES_TOPIC.name, released.map((d) => deliveryRecord(d, iso(now())))).catch((error) => {
          logger.warn('could not let go of webhook deliveries; other replicas take them over once their lease runs out', { deliveries: mine.length, err: error });
        });
      }
      await follower.close();
    },
  };
}
