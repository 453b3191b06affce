import type { Appended, EventLog, LogRecord, Reader, TopicSpec } from './EventLog.ts';

export interface TopicFollowerOptions {
  /** The event log of the topic. */
  log: EventLog;
  /** The topic to follow; the follower creates it if it is missing. */
  topic: TopicSpec;
  /** Applies one record, in offset order within its partition; a throw stops the follower (see `onStop`). */
  apply: (record: LogRecord) => void;
  /** Called after each batch was applied and the waits it ended were resolved. @default nothing */
  onBatch?: () => void;
  /** Called once when the follower stops on an error (`apply` threw, or the reader failed); every wait rejects with it. @default nothing */
  onStop?: (error: unknown) => void;
}

/** A live reader of a whole topic that knows how far it applied each partition. */
export interface TopicFollower {
  /** Resolves once every record on the topic when the follower started was applied; rejects if the topic cannot be created or read. */
  readonly caughtUp: Promise<void>;
  /** Resolves once the record at `position` (one this process appended, say) was applied. */
  applied(position: Pick<Appended, 'partition' | 'offset'>): Promise<void>;
  /** Resolves once every record on the topic at the time of the call was applied. */
  sync(): Promise<void>;
  /** Stops following the topic. */
  close(): Promise<void>;
}

/**
 * Follows a topic from its start, then live, applying each record (the way a
 * process keeps a state held on the log, agreements or the audit, in
 * memory), and lets callers wait until a position or the topic's end as it
 * is now was applied. A follower that stopped on an error rejects every wait
 * with that error.
 */
export function createTopicFollower(options: TopicFollowerOptions): TopicFollower {
  const { log, topic, apply, onBatch, onStop } = options;
  // Per partition, the next offset to apply.
  const appliedUpTo: number[] = [];
  const waiting = new Set<{ ends: readonly number[]; resolve: () => void; reject: (error: unknown) => void }>();
  let reader: Reader | undefined;
  let stopped: { error: unknown } | undefined;

  const settle = () => {
    for (const waiter of waiting) {
      if (waiter.ends.every((end, partition) => end === undefined || (appliedUpTo[partition] ?? 0) >= end)) {
        waiting.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const caughtUp = (async () => {
    await log.createTopic(topic);
    reader = await log.read({
      topic: topic.name,
      from: { kind: 'earliest' },
      onBatch(records) {
        for (const record of records) {
          apply(record);
          appliedUpTo[record.partition] = record.offset + 1;
        }
        settle();
        onBatch?.();
      },
    });
    reader.done.then(
      () => undefined,
      (error: unknown) => {
        stopped = { error };
        onStop?.(error);
        for (const waiter of waiting) waiter.reject(error);
        waiting.clear();
      },
    );
    await reader.caughtUp;
  })();
  caughtUp.catch(() => undefined); // the owner reports it (its `ready`); a wait rejects with it too

  /** Resolves once each partition was applied up to `ends` (an offset past the last record to wait for; holes wait for nothing). */
  const reached = (ends: readonly number[]) =>
    new Promise<void>((resolve, reject) => {
      if (stopped) return reject(stopped.error);
      waiting.add({ ends, resolve, reject });
      settle();
    });

  return {
    caughtUp,
    async applied({ partition, offset }) {
      const ends: number[] = [];
      ends[partition] = offset + 1;
      await reached(ends);
    },
    async sync() {
      await caughtUp;
      await reached(await log.endOffsets(topic.name));
    },
    async close() {
      await caughtUp.catch(() => undefined);
      await reader?.close();
    },
  };
}
