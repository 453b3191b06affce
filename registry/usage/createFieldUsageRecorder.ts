import { randomUUID } from 'node:crypto';
import type { EventLog } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { dailyUseKey, fieldUsageRecord, type DailyFieldUse } from './fieldUsageEvent.ts';
import { FIELD_USAGE_TOPIC } from './fieldUsageTopic.ts';

export interface FieldUsageRecorderOptions {
  /** The event log of the usage topic, opened as governance (the gateway's); the recorder creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
  /** How often what was used since the last time is added to the day's totals and appended. @default 10_000 */
  flushMs?: number;
  /** Operation names or hashes kept per consumer, coordinate and day; later ones are counted under those kept. @default 20 */
  maxOperations?: number;
  /** This process's id in the records; a restart counts under a new one, so totals of replicas and restarts add up. @default a random id */
  replica?: string;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** Counts which consumers use which coordinates; what the gateway's usage plugin feeds. */
export interface FieldUsageRecorder {
  /**
   * Counts one operation of `consumer`, named `operation` (its name, or its
   * hash when unnamed), that used `coordinates`. Costs a map look-up: pass the
   * same array for the same document, and the expansion per coordinate waits
   * for the next flush.
   */
  record(consumer: string, operation: string, coordinates: readonly string[]): void;
  /** Resolves once what was recorded before the call is appended. */
  flush(): Promise<void>;
  /** Appends what is left, then stops. */
  close(): Promise<void>;
}

interface Pending {
  operation: string;
  count: number;
  lastSeen: number;
}

const MAX_OPERATION_LENGTH = 100;

/**
 * The gateway's usage recorder: operations are counted in memory (per
 * consumer and document), and every `flushMs` added to each coordinate's
 * totals of the day, whose changed totals are appended to the usage topic
 * (`FIELD_USAGE_TOPIC`, compacted by day, replica, consumer and
 * coordinate). An append that fails is logged and tried again at the next
 * flush, with the totals by then.
 */
export function createFieldUsageRecorder(options: FieldUsageRecorderOptions): FieldUsageRecorder {
  const { log, logger, flushMs = 10_000, maxOperations = 20, replica = randomUUID(), now = Date.now } = options;
  for (const [name, value] of Object.entries({ flushMs, maxOperations })) {
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`createFieldUsageRecorder: "${name}" must be a whole number, 1 or more, but is ${value}.`);
  }
  // By consumer, then by the document's coordinate list (one array per document and operation, so identity is the key).
  let pending = new Map<string, Map<readonly string[], Pending>>();
  const totals = new Map<string, { -readonly [K in keyof DailyFieldUse]: K extends 'operations' ? string[] : DailyFieldUse[K] }>();
  const changed = new Set<string>();
  const createTopic = () => {
    const created = log.createTopic(FIELD_USAGE_TOPIC);
    created.catch((error: unknown) => logger.error('cannot create the usage topic; the next flush tries again', { topic: FIELD_USAGE_TOPIC.name, err: error }));
    return created;
  };
  let ready = createTopic();
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  const addToTotals = (taken: Map<string, Map<readonly string[], Pending>>) => {
    for (const [consumer, documents] of taken) {
      for (const [coordinates, { operation, count, lastSeen }] of documents) {
        const lastSeenAt = new Date(lastSeen).toISOString();
        const day = lastSeenAt.slice(0, 10);
        for (const coordinate of coordinates) {
          const key = dailyUseKey({ day, replica, consumer, coordinate });
          const total = totals.get(key);
          if (!total) totals.set(key, { day, replica, consumer, coordinate, operations: [operation], count, lastSeenAt });
          else {
            total.count += count;
            if (lastSeenAt > total.lastSeenAt) total.lastSeenAt = lastSeenAt;
            if (total.operations.length < maxOperations && !total.operations.includes(operation)) total.operations.push(operation);
          }
          changed.add(key);
        }
      }
    }
  };

  const appendChanged = async () => {
    if (changed.size === 0) return;
    const keys = [...changed];
    changed.clear();
    try {
      await ready;
      const recordedAt = new Date(now()).toISOString();
      await log.append(FIELD_USAGE_TOPIC.name, keys.map((key) => fieldUsageRecord(totals.get(key)!, recordedAt)));
    } catch (error) {
      for (const key of keys) changed.add(key);
      logger.warn('appending field usage failed; the totals are appended at the next flush', { records: keys.length, err: error });
      // The topic may be what is missing (a broker that lost it, a failed creation): the next flush creates it again.
      ready = createTopic();
      return;
    }
    // Yesterday's totals were appended for the last time: only today's can still grow.
    const today = new Date(now()).toISOString().slice(0, 10);
    for (const [key, total] of totals) if (total.day < today && !changed.has(key)) totals.delete(key);
  };

  const flush = () => {
    const taken = pending;
    pending = new Map();
    flushing = flushing.then(() => {
      addToTotals(taken);
      return appendChanged();
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), flushMs);
  timer.unref();

  return {
    record(consumer, operation, coordinates) {
      if (closed || coordinates.length === 0) return;
      let documents = pending.get(consumer);
      if (!documents) pending.set(consumer, (documents = new Map()));
      const seen = documents.get(coordinates);
      if (seen) {
        seen.count++;
        seen.lastSeen = now();
      } else documents.set(coordinates, { operation: operation.slice(0, MAX_OPERATION_LENGTH), count: 1, lastSeen: now() });
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}
