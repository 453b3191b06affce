import type { Logger } from '../../../logger/index.ts';
import type { EventLog, LogRecord, Reader, TopicSpec } from '../../../eventlog/index.ts';
import type { InputFigure } from '../../../schema/index.ts';
import type { TopicConsumer } from '../createTopicConsumer.ts';
import { decodeBatch } from '../decodeRecord.ts';

export interface FollowReferencesOptions<V> {
  log: EventLog;
  logger: Logger;
  /** The current-state topic of the references, e.g. podcast-catalog's episodes. */
  topic: TopicSpec;
  /** Reads one record; one that throws `EventRejected` is skipped and logged. */
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
  reader: Reader;
  /** What the references' topic delivered since start, as the discovery port shows an input. */
  input(): InputFigure;
  /**
   * Tells `dependent` of each key that appears from now on, so it releases
   * what it quarantined for it; resolves once it released what it holds for
   * keys already known (e.g. a quarantine restored from a checkpoint).
   */
  notify(dependent: Pick<TopicConsumer, 'release'>): Promise<void>;
}

/**
 * Reads a topic of references (another product's current state, e.g. the
 * episodes of podcast-catalog) from its beginning into a table, and follows
 * it: resolves once caught up, so the input ports checked against it start
 * with every reference known; a key that appears later releases the records
 * its dependents held in quarantine for it. No consumer group: the table is
 * rebuilt from the topic at every start.
 */
export async function followReferences<V>(options: FollowReferencesOptions<V>): Promise<References<V>> {
  const { log, logger, topic, decode, keyOf, occurredAt } = options;
  const table = new Map<string, V>();
  const dependents: Pick<TopicConsumer, 'release'>[] = [];
  const figure: InputFigure = { topic: topic.name, eventsIn: 0 };
  await log.createTopic(topic);
  const reader = await log.read({
    topic: topic.name,
    from: { kind: 'earliest' },
    onBatch: async (records) => {
      const { events, rejected } = decodeBatch(records, decode);
      for (const { record, reason } of rejected) logger.warn('skipped a reference that cannot be read', { topic: record.topic, partition: record.partition, offset: record.offset, reason });
      for (const value of events) {
        const key = keyOf(value);
        const known = table.has(key);
        table.set(key, value);
        const at = occurredAt(value);
        if (!figure.lastEventAt || at > figure.lastEventAt) figure.lastEventAt = at;
        if (!known) for (const dependent of dependents) await dependent.release(key);
      }
      figure.eventsIn += events.length;
    },
  });
  await reader.caughtUp;
  return {
    table,
    reader,
    input: () => ({ ...figure }),
    notify(dependent) {
      dependents.push(dependent);
      return dependent.release((key) => table.has(key));
    },
  };
}
