import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import type { Logger } from '../../logger/index.ts';
import type { ReadOptions, Reader, StartFrom } from '../EventLog.ts';
import { OffsetOutOfRangeError } from '../OffsetOutOfRangeError.ts';
import { toLogRecord } from './toLogRecord.ts';

interface ReaderContext {
  kafka: Kafka;
  admin: Admin;
  logger: Logger;
  endOffsets(topic: string): Promise<number[]>;
  offsetsForTimestamp(topic: string, timestamp: number): Promise<number[]>;
  committedOffsets(groupId: string, topic: string): Promise<Record<number, number>>;
}

/** The offset each partition starts at, given the earliest and end offsets. */
async function startOffsets(context: ReaderContext, topic: string, from: StartFrom, ends: number[]): Promise<number[]> {
  const lows = (await context.admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => Number(p.low));
  switch (from.kind) {
    case 'earliest':
      return lows;
    case 'latest':
      return ends;
    case 'timestamp':
      return context.offsetsForTimestamp(topic, from.timestamp);
    case 'offsets':
      return lows.map((low, partition) => Math.max(low, from.offsets[partition] ?? low));
    default: {
      const unreachable: never = from;
      throw new Error(`Unknown start ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * A live reader on kafkajs. A reader without a group gets a group of its
 * own (deleted when it closes). An explicit `from` is applied with a seek on
 * every partition right after the consumer starts, before its first fetch.
 */
export async function startKafkaReader(context: ReaderContext, options: ReadOptions): Promise<Reader> {
  const { topic, onBatch, autoCommit = true } = options;
  const ephemeral = options.groupId === undefined;
  const groupId = options.groupId ?? `meshgraph-reader-${randomUUID()}`;
  const ends = await context.endOffsets(topic);
  const from = options.from ?? (ephemeral ? { kind: 'earliest' as const } : undefined);
  let positions: number[];
  if (from) {
    positions = await startOffsets(context, topic, from, ends);
  } else {
    const committed = await context.committedOffsets(groupId, topic);
    const lows = await startOffsets(context, topic, { kind: 'earliest' }, ends);
    positions = lows.map((low, partition) => committed[partition] ?? low);
  }
  // Past the end is refused, as the embedded log refuses it: Kafka would reset the position quietly.
  positions.forEach((offset, partition) => {
    const end = ends[partition] ?? 0;
    if (offset > end) throw new OffsetOutOfRangeError(topic, partition, offset, end);
  });

  let resolveCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (resolveCaughtUp = resolve));
  let assigned: number[] | undefined;
  const checkCaughtUp = () => {
    if (assigned && assigned.every((partition) => (positions[partition] ?? 0) >= (ends[partition] ?? 0))) resolveCaughtUp();
  };

  const consumer: Consumer = context.kafka.consumer({ groupId, allowAutoTopicCreation: false, heartbeatInterval: 1_000, sessionTimeout: 10_000, maxWaitTimeInMs: 250 });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    assigned = payload.memberAssignment[topic] ?? [];
    checkCaughtUp();
  });
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => {}); // callers who never await `done` must not see an unhandled rejection
  let closing: Promise<void> | undefined;
  const close = (failure?: unknown): Promise<void> => {
    closing ??= (async () => {
      await consumer.disconnect();
      if (ephemeral) await context.admin.deleteGroups([groupId]).catch(() => {});
      if (failure) settle.reject(failure);
      else settle.resolve();
    })();
    return closing;
  };

  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
      if (closing || batch.messages.length === 0) return;
      const records = batch.messages.map((message) => toLogRecord(topic, batch.partition, message));
      try {
        await onBatch(records);
      } catch (error) {
        context.logger.error('reader stopped: its batch handler failed', { topic, groupId, err: error });
        // Stopping from inside eachBatch would wait for this very batch; stop right after it.
        setImmediate(() => void close(error));
        return;
      }
      const last = records.at(-1)!;
      resolveOffset(String(last.offset));
      if (autoCommit) await commitOffsetsIfNecessary();
      positions[batch.partition] = last.offset + 1;
      checkCaughtUp();
    },
  });
  // kafkajs applies a seek before the partition's first fetch. (admin.setOffsets
  // would do it too, but it costs a fixed 5 s wait inside kafkajs per call.)
  if (from) positions.forEach((offset, partition) => consumer.seek({ topic, partition, offset: String(offset) }));
  return { caughtUp, done, close: () => close() };
}
