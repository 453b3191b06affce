import { GraphQLError } from 'graphql';
import { decodeCursor, encodeCursor, ErrorCode } from '../../schema/index.ts';
import type { Logger } from '../../logger/index.ts';
import { HEADERS, OffsetOutOfRangeError, type EventLog, type LogRecord, type ReadOptions, type Reader } from '../../eventlog/index.ts';
import { decodeRecord } from './decodeRecord.ts';
import { withRecordTraceContext } from './recordTraceContext.ts';
import type { SubgraphContext } from './Domain.ts';

export interface TopicSubscriptionOptions<E, P> {
  log: EventLog;
  topic: string;
  /** Reads one record; a record that throws `EventRejected` is skipped (and logged). */
  decode: (record: LogRecord) => E;
  /** Only events it accepts are delivered. @default every event */
  filter?: (event: E) => boolean;
  /** What the subscriber receives for an event; `cursor` resumes right after it. */
  toPayload: (event: E, cursor: string) => P;
  /** A cursor of an earlier event: deliver what followed it, then live events. @default live events only */
  after?: string | null;
  /**
   * Milliseconds since 1970 before which an event is past its product's
   * retention, asked at each record: an event whose `occurred-at` header is
   * older is not delivered (live, or replayed from a cursor). @default none: every event
   */
  retainedFrom?: () => number | undefined;
  /** Events read ahead of a subscriber; beyond it, reading waits for the subscriber (the log holds the rest). @default 1_000 */
  maxBuffered?: number;
  logger: Logger;
}

interface CursorState {
  topic: string;
  /** Next offset to read, per partition. */
  positions: Record<number, number>;
}

/** What a topic cursor holds: its topic, and a whole offset of at least 0 per partition. */
const isCursorState = (value: unknown): value is CursorState => {
  const { topic, positions } = (value ?? {}) as Partial<CursorState>;
  return (
    typeof topic === 'string' &&
    typeof positions === 'object' &&
    positions !== null &&
    Object.entries(positions).every(([p, o]) => Number.isInteger(Number(p)) && Number.isInteger(o) && o >= 0)
  );
};

/**
 * The cursor of a topic at given positions (next offset per partition), e.g.
 * its end offsets now: subscribing `after` it delivers everything appended
 * from there on, with nothing missed while the subscription starts.
 */
export const topicCursor = (topic: string, positions: Readonly<Record<number, number>>): string => encodeCursor({ topic, positions: { ...positions } } satisfies CursorState);

function decodeTopicCursor(cursor: string, topic: string): Record<number, number> {
  const state = decodeCursor(cursor, isCursorState);
  if (!state) {
    throw new GraphQLError(`"after" is not a cursor of this topic: "${cursor}". Pass the cursor of an event you received.`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  if (state.topic !== topic) {
    throw new GraphQLError(`"after" is a cursor of the topic "${state.topic}", not of "${topic}".`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return state.positions;
}

/**
 * A live subscription to a topic as an async iterator, for a GraphQL
 * subscription field: events from `after` (or from now) in log order per
 * partition, filtered, each with a cursor holding the position in every
 * partition, so resuming after it has no gap and no duplicate. Closing the
 * iterator closes its reader.
 */
export async function subscribeToTopic<E, P>(options: TopicSubscriptionOptions<E, P>): Promise<AsyncIterableIterator<P>> {
  const { log, topic, decode, filter, toPayload, retainedFrom, maxBuffered = 1_000, logger } = options;
  const retained = (record: LogRecord) => {
    const from = retainedFrom?.();
    const occurredAt = record.headers[HEADERS.occurredAt];
    return from === undefined || occurredAt === undefined || !(Date.parse(occurredAt) < from);
  };
  const positions: Record<number, number> = options.after
    ? decodeTopicCursor(options.after, topic)
    : { ...(await log.endOffsets(topic)) };
  const queue: P[] = [];
  let wake: (() => void) | undefined;
  /** Set while reading waits for the subscriber to take events off a full queue. */
  let drained: (() => void) | undefined;
  let reader: Reader | undefined;
  let finished = false;

  const finish = async () => {
    finished = true;
    wake?.();
    drained?.();
    await reader?.close();
  };
  reader = await readFrom(log, topic, positions, options.after, {
    onBatch: (records) => {
      for (const record of records) {
        positions[record.partition] = record.offset + 1;
        if (!retained(record)) continue;
        const decoded = decodeRecord(record, decode);
        if (!decoded.ok) {
          logger.warn('subscription skipped a record it cannot read', { topic, partition: record.partition, offset: record.offset, reason: decoded.reason });
          continue;
        }
        const { event } = decoded;
        if (filter && !filter(event)) continue;
        // The record's trace context goes with the payload to the subscription's execution.
        queue.push(withRecordTraceContext(toPayload(event, topicCursor(topic, positions)), record.headers));
      }
      wake?.();
      // Backpressure: a subscriber catching up from an old cursor, or a slow one,
      // is fed at its own pace from the log instead of from memory.
      if (queue.length > maxBuffered && !finished) return new Promise<void>((resolve) => (drained = resolve));
    },
  });

  const iterator: AsyncIterableIterator<P> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      for (;;) {
        const payload = queue.shift();
        if (drained && queue.length <= maxBuffered / 2) {
          drained();
          drained = undefined;
        }
        if (payload !== undefined) return { value: payload, done: false };
        if (finished) return { value: undefined, done: true };
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    },
    async return() {
      await finish();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await finish();
      throw error;
    },
  };
  return iterator;
}

/**
 * Starts reading `topic` at `positions`; a cursor past the end of the topic
 * (not made by this log, or the log lost the events since) is the caller's
 * mistake, a GraphQL error, never moved back to where the log ends.
 */
async function readFrom(log: EventLog, topic: string, positions: Readonly<Record<number, number>>, after: string | null | undefined, options: Pick<ReadOptions, 'onBatch'>): Promise<Reader> {
  try {
    return await log.read({ topic, from: { kind: 'offsets', offsets: positions }, ...options });
  } catch (error) {
    if (!(error instanceof OffsetOutOfRangeError) || !after) throw error;
    throw new GraphQLError(
      `"after" points past the end of "${topic}": partition ${error.partition} ends at offset ${error.end}, but the cursor is at ${error.offset}. ` +
        'It is not a cursor of this log, or the log lost those events; subscribe without "after", or with the cursor of an event you received.',
      { extensions: { code: ErrorCode.BAD_USER_INPUT } },
    );
  }
}

/** The event log from a resolver's context, or a GraphQL error saying the subgraph runs without one. */
export function eventLogOf(context: { log?: EventLog }): EventLog {
  if (!context.log) throw new GraphQLError('This subgraph runs without an event log, so it has no topics to subscribe to.', { extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } });
  return context.log;
}

/** How a subscription field is bound to a topic (see `topicSubscriptionField`). */
export interface TopicSubscriptionFieldOptions<E, A> {
  topic: string;
  decode: (record: LogRecord) => E;
  /** Whether an event is for this subscriber, given the field's arguments. @default every event */
  filter?: (event: E, args: A) => boolean;
  /** The field's value for an event; `cursor` resumes right after it. */
  payload: (event: E, cursor: string) => unknown;
}

/**
 * A subscription field bound to a topic, ready for a resolver map: it takes
 * the event log from the context, filters by the field's arguments, and
 * resumes from `after`; events past the retention of the product whose topic
 * it is are not delivered.
 */
export function topicSubscriptionField<E, A extends { after?: string | null }>(options: TopicSubscriptionFieldOptions<E, A>) {
  const { topic, decode, filter, payload } = options;
  return {
    subscribe: (_: unknown, args: A, context: Pick<SubgraphContext, 'log' | 'logger' | 'retainedFrom'>) =>
      subscribeToTopic({
        log: eventLogOf(context),
        logger: context.logger,
        topic,
        decode,
        ...(filter ? { filter: (event: E) => filter(event, args) } : {}),
        toPayload: payload,
        after: args.after,
        retainedFrom: () => context.retainedFrom?.(topic),
      }),
    resolve: (value: unknown) => value,
  };
}
