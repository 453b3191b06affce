import type { Logger } from '../../logger/index.ts';
import type { EventLog, LogRecord, NewRecord, StartFrom, TopicSpec } from '../../eventlog/index.ts';
import { appendAll } from './appendAll.ts';
import { decodeBatch } from './decodeRecord.ts';

/** What a product's live source gets once the product has caught up with its own topic. */
export interface OwnTopicFeed<T> {
  /** Publishes new records on the product's topic; the store takes them from there, as it took the history. */
  append(items: readonly T[]): Promise<unknown>;
  logger: Logger;
}

/** A source-aligned product's own topic, materialized and followed; `close` stops its live source, then its reader. */
export interface MaterializedTopic {
  close(): Promise<void>;
}

export interface MaterializeOptions<T> {
  log: EventLog;
  logger: Logger;
  /** The product's own output topic: the source of truth of its state (its owner defaults to the log's principal). */
  topic: TopicSpec & Required<Pick<TopicSpec, 'partitions' | 'compacted'>>;
  /** The records to write once, into an empty topic (e.g. a demo world's history). */
  history: () => readonly T[];
  toRecord: (item: T) => NewRecord;
  /** Reads one record back; one that throws `EventRejected` is skipped and logged. */
  decode: (record: LogRecord) => T;
  /** Adds records to the product's store. */
  add: (items: readonly T[]) => void;
  /** What the records are, for log lines, e.g. `plays`. */
  what: string;
  /** Starts the product's live source (the operational system feeding it) once the store has caught up; returns how to stop it. @default none */
  source?: (feed: OwnTopicFeed<T>) => { stop(): void } | undefined;
}

/**
 * Builds a source-aligned product's state from its own topic: writes the
 * history once into an empty topic (keeping what it wrote, so it is not read
 * back), then reads the topic (everything, on a restart) and follows it live.
 * Resolves once the store has caught up, then starts the live source, if
 * any; the reader keeps the store current.
 */
export async function materializeOwnTopic<T>(options: MaterializeOptions<T>): Promise<MaterializedTopic> {
  const { log, logger, topic, history, toRecord, decode, add, what, source: startSource } = options;
  await log.createTopic(topic);
  let from: StartFrom = { kind: 'earliest' };
  if ((await log.endOffsets(topic.name)).every((end) => end === 0)) {
    const written = history();
    from = await appendAll(log, topic.name, written, toRecord);
    add(written);
    logger.info(`wrote the history of ${what} to the log`, { topic: topic.name, [what]: written.length });
  }
  const reader = await log.read({
    topic: topic.name,
    from,
    onBatch: (records) => {
      const { events, rejected } = decodeBatch(records, decode);
      for (const { record, reason } of rejected) {
        logger.warn(`skipped a record of its own topic that is not one of its ${what}`, { topic: record.topic, partition: record.partition, offset: record.offset, reason });
      }
      add(events);
    },
  });
  await reader.caughtUp;
  logger.info(`${what} materialized from the log`, { topic: topic.name });
  const source = startSource?.({ logger, append: (items) => log.append(topic.name, items.map(toRecord)) });
  return {
    async close() {
      source?.stop();
      await reader.close();
    },
  };
}
