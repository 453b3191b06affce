import type { Logger } from '../../../logger/index.ts';
import type { DeclaredTopic, EventLog, LogRecord } from '../../../eventlog/index.ts';
import { createTopicConsumer, type TopicConsumer } from '../createTopicConsumer.ts';

export interface FollowReferencesOptions<V> {
  log: EventLog;
  logger: Logger;
  /** The consuming data product; its reader of references is a consumer of its own, `<product>.references`. */
  consumer: { domain: string; product: string };
  /** The current-state topic of the references, e.g. podcast-catalog's episodes. */
  topic: DeclaredTopic;
  /** Reads one record; throws `EventRejected` for a record that cannot be used. */
  decode: (record: LogRecord) => V;
  /** The key records are checked against, e.g. the episode id. */
  keyOf: (value: V) => string;
  /** `occurredAt` of a reference, for freshness figures. */
  occurredAt: (value: V) => string;
}

/** The references read so far, followed live. */
export interface References<V> {
  /** Every reference by key, the latest record of each. */
  table: ReadonlyMap<string, V>;
  /** The reader of the references' topic. */
  consumer: TopicConsumer;
  /** Tells `dependent` of each key that appears from now on, so it releases what it quarantined for it. */
  notify(dependent: TopicConsumer): void;
}

/**
 * Reads a topic of references (another product's current state, e.g. the
 * episodes of podcast-catalog) from its beginning into a table, and follows
 * it: resolves once caught up, so the input ports checked against it start
 * with every reference known; a key that appears later releases the records
 * its dependents held in quarantine for it.
 */
export async function followReferences<V>(options: FollowReferencesOptions<V>): Promise<References<V>> {
  const { log, logger, consumer, topic, decode, keyOf, occurredAt } = options;
  const table = new Map<string, V>();
  const dependents: TopicConsumer[] = [];
  await log.createTopic(topic);
  const reader = await createTopicConsumer({
    log,
    logger,
    consumer: { domain: consumer.domain, product: `${consumer.product}.references` },
    topic: topic.name,
    decode,
    apply: async (values) => {
      for (const value of values) {
        const key = keyOf(value);
        const known = table.has(key);
        table.set(key, value);
        if (!known) for (const dependent of dependents) await dependent.release(key);
      }
    },
    occurredAt,
    from: { kind: 'earliest' },
  });
  await reader.reader.caughtUp;
  return { table, consumer: reader, notify: (dependent) => void dependents.push(dependent) };
}
