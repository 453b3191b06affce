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
  /**
   * Follow the topic live (a reader kept open, woken by every append), or read it only when asked: `sync`, `applied`
   * and `catchUpMs` open a reader from where the last one stopped and close it once it read the topic's end.
   * On the embedded log a live reader re-reads the topic's files at each append; a topic mostly appended by this
   * process and rarely asked for (the audit) is cheaper read on demand.
   * @default true
   */
  live?: boolean;
  /** Read on demand only: how often the follower also catches up on its own, in milliseconds; 0 never. @default 0 */
  catchUpMs?: number;
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
 * Follows a topic from its start, then live or on demand (see `live`),
 * applying each record (the way a process keeps a state held on the log,
 * agreements or the audit, in memory), and lets callers wait until a
 * position or the topic's end as it is now was applied. A follower that
 * stopped on an error rejects every wait with that error.
 */
export function createTopicFollower(options: TopicFollowerOptions): TopicFollower {
  const { log, topic, apply, onBatch, onStop, live = true, catchUpMs = 0 } = options;
  // Per partition, the next offset to apply.
  const appliedUpTo: number[] = [];
  const waiting = new Set<{ ends: readonly number[]; resolve: () => void; reject: (error: unknown) => void }>();
  let reader: Reader | undefined;
  let stopped: { error: unknown } | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const settle = () => {
    for (const waiter of waiting) {
      if (waiter.ends.every((end, partition) => end === undefined || (appliedUpTo[partition] ?? 0) >= end)) {
        waiting.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const stop = (error: unknown) => {
    if (stopped) return;
    stopped = { error };
    clearInterval(timer);
    onStop?.(error);
    for (const waiter of waiting) waiter.reject(error);
    waiting.clear();
  };

  /** Opens a reader where the follower stopped applying (the start, the first time) and resolves once it read the topic as it is now. */
  const startReader = async () => {
    const started = await log.read({
      topic: topic.name,
      from: appliedUpTo.length === 0 ? { kind: 'earliest' } : { kind: 'offsets', offsets: { ...appliedUpTo } },
      onBatch(records) {
        for (const record of records) {
          apply(record);
          appliedUpTo[record.partition] = record.offset + 1;
        }
        settle();
        onBatch?.();
      },
    });
    reader = started;
    started.done.then(() => undefined, stop);
    await started.caughtUp;
    return started;
  };

  // Read on demand: one catch-up at a time; a caller arriving meanwhile waits for the next one, which sees its end.
  let catchingUp: Promise<void> | undefined;
  let again: Promise<void> | undefined;
  const catchUp = (): Promise<void> => {
    if (again) return again;
    if (catchingUp) return (again = catchingUp.then(() => ((again = undefined), catchUp())));
    catchingUp = (async () => {
      try {
        if (stopped || closed) return;
        const once = await startReader();
        await once.close();
        if (reader === once) reader = undefined;
      } finally {
        catchingUp = undefined;
      }
    })();
    return catchingUp;
  };

  const caughtUp = (async () => {
    await log.createTopic(topic);
    if (live) await startReader();
    else {
      await catchUp();
      if (catchUpMs > 0 && !closed) {
        timer = setInterval(() => void catchUp().catch(stop), catchUpMs);
        timer.unref();
      }
    }
  })();
  caughtUp.catch(() => undefined); // the owner reports it (its `ready`); a wait rejects with it too

  /** Resolves once each partition was applied up to `ends` (an offset past the last record to wait for; holes wait for nothing). */
  const reached = (ends: readonly number[]) => {
    const wait = new Promise<void>((resolve, reject) => {
      if (stopped) return reject(stopped.error);
      waiting.add({ ends, resolve, reject });
      settle();
    });
    if (!live) void caughtUp.then(catchUp).catch(stop);
    return wait;
  };

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
      closed = true;
      clearInterval(timer);
      await caughtUp.catch(() => undefined);
      await catchingUp?.catch(() => undefined);
      await reader?.close();
    },
  };
}
