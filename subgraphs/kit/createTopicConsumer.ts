import type { Logger } from '../../logger/index.ts';
import { deadLetterTopic, HEADERS, type EventLog, type LogRecord, type Reader, type StartFrom } from '../../eventlog/index.ts';
import { withConsumerSpan } from '../../telemetry/index.ts';
import type { InputFigure, QualityFigures } from '../../schema/index.ts';
import { decodeBatch, type RejectedRecord } from './decodeRecord.ts';
import type { QualityGate } from './quality/index.ts';

/** Headers a dead letter carries besides the original record's. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dead-letter-reason',
  topic: 'dead-letter-topic',
  partition: 'dead-letter-partition',
  offset: 'dead-letter-offset',
  /** The quality rule the record broke, when a quality gate checked it. */
  rule: 'dead-letter-rule',
} as const;

/** Live figures of a consumer, for the discovery port. */
export interface ConsumerFigures {
  eventsIn: number;
  deadLetters: number;
  /** `occurredAt` of the newest event applied. */
  lastEventAt?: string;
  /** What its quality gate measured, when it has one. */
  quality?: QualityFigures;
}

export interface TopicConsumerOptions<T> {
  log: EventLog;
  /** The consuming data product: names the consumer group and the dead-letter topic. */
  consumer: { domain: string; product: string };
  /** The input port's topic. */
  topic: string;
  /** Reads one record; throws `EventRejected` for a record that cannot be used. */
  decode: (record: LogRecord) => T;
  /** Applies a batch of decoded events to the product's state (and may publish); the batch is committed after it settles. */
  apply: (events: readonly T[]) => void | Promise<void>;
  /** `occurredAt` of an event, for freshness figures. */
  occurredAt: (event: T) => string;
  /** Where to start, e.g. a checkpoint's offsets. @default the group's committed offsets */
  from?: StartFrom;
  /** Checks each decoded event against the input port's quality rules (see `createQualityGate`). @default none: every decoded event is applied */
  quality?: QualityGate<T>;
  logger: Logger;
}

/** A running consumer of an input port. */
export interface TopicConsumer {
  reader: Reader;
  figures(): ConsumerFigures;
  /** What its topic delivered, as the discovery port shows an input. */
  input(): InputFigure;
  /** Next offset to read per partition, after the last batch applied. */
  positions(): Record<number, number>;
  /**
   * Reads the product's state between two batches, never while one is being
   * applied, with the positions that state reflects: what a checkpoint saves.
   * (Taken while a batch awaits a publish, the state would hold the batch and
   * the positions not, and a restart would count it twice.)
   */
  snapshot<S>(read: () => S): Promise<{ positions: Record<number, number>; state: S }>;
  /** Resolves once every partition named has been applied up to (not including) the offset given. */
  reached(offsets: Readonly<Record<number, number>>): Promise<void>;
  /** `reference` (e.g. an episode id) appeared, or every reference it matches: the quarantined records waiting for it are checked again and applied if they pass. */
  release(reference: string | ((reference: string) => boolean)): Promise<void>;
}

/**
 * Consumes an input port's topic into a data product: each record is decoded
 * at the edge; one that cannot be used goes to the product's dead-letter topic
 * with the reason (and where it came from), and the consumer carries on.
 */
export async function createTopicConsumer<T>(options: TopicConsumerOptions<T>): Promise<TopicConsumer> {
  const { log, consumer, topic, decode, apply, occurredAt, from, quality, logger } = options;
  const deadLetters = deadLetterTopic(consumer.domain, consumer.product);
  await log.createTopic({ name: deadLetters, owner: consumer.domain });
  // Counted from the topic, so the figure covers every run, not only this one.
  const figures: ConsumerFigures = { eventsIn: 0, deadLetters: (await log.endOffsets(deadLetters)).reduce((sum, n) => sum + n, 0) };
  const positions: Record<number, number> = {};
  if (from?.kind === 'offsets') Object.assign(positions, from.offsets);
  const waiters = new Set<{ offsets: Readonly<Record<number, number>>; resolve: () => void }>();
  const isReached = (offsets: Readonly<Record<number, number>>) =>
    Object.entries(offsets).every(([partition, offset]) => (positions[Number(partition)] ?? 0) >= offset);

  const writeDeadLetters = async (rejected: readonly RejectedRecord[]) => {
    if (rejected.length === 0) return;
    await log.append(
      deadLetters,
      rejected.map(({ record, reason, rule }) => ({
        key: record.key,
        value: record.value,
        headers: {
          ...record.headers,
          [DEAD_LETTER_HEADERS.reason]: reason,
          ...(rule ? { [DEAD_LETTER_HEADERS.rule]: rule } : {}),
          [DEAD_LETTER_HEADERS.topic]: record.topic,
          [DEAD_LETTER_HEADERS.partition]: String(record.partition),
          [DEAD_LETTER_HEADERS.offset]: String(record.offset),
          [HEADERS.producer]: consumer.domain,
        },
      })),
    );
    for (const { record, reason, rule } of rejected) {
      logger.warn('dead letter', { topic: record.topic, partition: record.partition, offset: record.offset, reason, ...(rule ? { rule } : {}), to: deadLetters });
    }
    figures.deadLetters += rejected.length;
  };
  const applyEvents = async (events: T[]) => {
    await apply(events);
    figures.eventsIn += events.length;
    for (const event of events) {
      const at = occurredAt(event);
      if (!figures.lastEventAt || at > figures.lastEventAt) figures.lastEventAt = at;
    }
  };
  // A release and a batch must not apply at once: both go through one chain.
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <R>(step: () => Promise<R>): Promise<R> => {
    const run = tail.then(step, step);
    tail = run.catch(() => undefined);
    return run;
  };

  const groupId = `${consumer.domain}.${consumer.product}`;
  const spanAttributes = { 'messaging.operation.type': 'process', 'messaging.destination.name': topic, 'messaging.consumer.group.name': groupId };
  const reader = await log.read({
    topic,
    groupId,
    ...(from ? { from } : {}),
    // What applying a batch does (and publishes) continues the trace of its records.
    onBatch: (records) => withConsumerSpan({ name: `process ${topic}`, carriers: records.map((record) => record.headers), attributes: { ...spanAttributes, 'messaging.batch.message_count': records.length } }, () => serially(async () => {
      const { events, rejected } = quality ? quality.screen(records, decode) : decodeBatch(records, decode);
      await writeDeadLetters(rejected);
      await applyEvents(events);
      for (const record of records) positions[record.partition] = record.offset + 1;
      for (const waiter of waiters) {
        if (isReached(waiter.offsets)) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
    })),
  });
  return {
    reader,
    figures: () => ({ ...figures, ...(quality ? { quality: quality.figures() } : {}) }),
    input: () => ({ topic, eventsIn: figures.eventsIn, ...(figures.lastEventAt ? { lastEventAt: figures.lastEventAt } : {}) }),
    positions: () => ({ ...positions }),
    snapshot: (read) => serially(async () => ({ positions: { ...positions }, state: read() })),
    reached: (offsets) => (isReached(offsets) ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ offsets, resolve }))),
    release: (reference) =>
      quality
        ? serially(async () => {
            const { events, rejected } = quality.release(reference);
            await writeDeadLetters(rejected);
            await applyEvents(events);
          })
        : Promise.resolve(),
  };
}
