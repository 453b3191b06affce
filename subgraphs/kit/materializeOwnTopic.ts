import type { Logger } from '../../logger/index.ts';
import type { EventLog, LogRecord, NewRecord, Reader, StartFrom, TopicSpec } from '../../eventlog/index.ts';
import { appendAll } from './appendAll.ts';
import { decodeBatch } from './decodeRecord.ts';

export interface MaterializeOptions<T> {
  log: EventLog;
  logger: Logger;
  /** The product's own output topic: the source of truth of its state. */
  topic: Required<TopicSpec>;
  /** The records to write once, into an empty topic (e.g. a demo world's history). */
  history: () => readonly T[];
  toRecord: (item: T) => NewRecord;
  /** Reads one record back; one that throws `EventRejected` is skipped and logged. */
  decode: (record: LogRecord) => T;
  /** Adds records to the product's store. */
  add: (items: readonly T[]) => void;
  /** What the records are, for log lines, e.g. `plays`. */
  what: string;
}

/**
 * Builds a source-aligned product's state from its own topic: writes the
 * history once into an empty topic (keeping what it wrote, so it is not read
 * back), then reads the topic (everything, on a restart) and follows it live.
 * Resolves once the store has caught up; the reader keeps it current.
 */
export async function materializeOwnTopic<T>(options: MaterializeOptions<T>): Promise<Reader> {
  const { log, logger, topic, history, toRecord, decode, add, what } = options;
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
  return reader;
}
