import { randomBytes } from 'node:crypto';
import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import type { Consumer } from '../Consumer.ts';
import type { Webhook } from './Webhook.ts';
import { parseWebhookEvent, webhookRecord, type WebhookEvent } from './webhookEvent.ts';
import { WEBHOOKS_TOPIC } from './webhooksTopics.ts';

export interface WebhookBookOptions {
  /** The event log of the webhooks topic; the book creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** The consumers' webhooks, kept on the webhooks topic: every replica holds the same. */
export interface WebhookBook {
  /** Resolves once the book replayed the webhooks topic. */
  readonly ready: Promise<void>;
  /** The consumer's webhook, if it set one. */
  get(consumer: string): Webhook | undefined;
  /** Every webhook set. */
  all(): Iterable<Webhook>;
  /** Sets the consumer's webhook to `url` (an http(s) URL, checked by the caller) with a new signing secret; answers once this replica applied it. */
  set(consumer: Consumer, url: string): Promise<Webhook>;
  /** Removes the consumer's webhook; false when it had none. */
  remove(consumer: string): Promise<boolean>;
  /** Stops following the topic. */
  close(): Promise<void>;
}

/**
 * The webhooks as events, like the agreement book: `set` and `remove` append
 * to the webhooks topic, and every replica (this one included) applies what
 * it reads there from the start of the topic and then live, so a second
 * replica delivers to a webhook set on the first and a restart keeps them.
 * The last record of a consumer wins.
 */
export function createWebhookBook({ log, logger, now = Date.now }: WebhookBookOptions): WebhookBook {
  const webhooks = new Map<string, Webhook>();

  const apply = (record: LogRecord) => {
    let event: WebhookEvent;
    try {
      event = parseWebhookEvent(record.value, record.headers[HEADERS.schemaVersion], record.key);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the webhooks topic that is no webhook event', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
      return;
    }
    if (event.type === 'set') webhooks.set(event.webhook.consumer.id, event.webhook);
    else webhooks.delete(event.consumer);
  };

  const follower = createTopicFollower({
    log,
    topic: WEBHOOKS_TOPIC,
    apply,
    onStop: (error) => logger.error('stopped following the webhooks topic: webhooks no longer change here', { err: error }),
  });

  const commit = async (event: WebhookEvent) => {
    const [appended] = await log.append(WEBHOOKS_TOPIC.name, [webhookRecord(event, new Date(now()).toISOString())]);
    await follower.applied(appended!);
  };

  return {
    ready: follower.caughtUp,
    get: (consumer) => webhooks.get(consumer),
    all: () => webhooks.values(),
    async set(consumer, url) {
      // 32 random bytes, as hex: the consumer keeps it as a string, the receivers' HMAC takes it as such.
      const webhook: Webhook = { consumer, url, secret: `whsec_${randomBytes(32).toString('hex')}`, createdAt: new Date(now()).toISOString() };
      await commit({ type: 'set', webhook });
      return webhook;
    },
    async remove(consumer) {
      await follower.caughtUp;
      if (!webhooks.has(consumer)) return false;
      await commit({ type: 'removed', consumer, at: new Date(now()).toISOString() });
      return true;
    },
    close: () => follower.close(),
  };
}
