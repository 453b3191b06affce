import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../../logger/index.ts';
import type { Appended, NewRecord } from '../EventLog.ts';
import { partitionFor } from '../partitionFor.ts';
import { AppendLock, TopicLockedError } from './AppendLock.ts';
import { GroupCommitter } from './GroupCommitter.ts';
import type { DamagedRange } from './DamagedRange.ts';
import { PartitionLog, type Retention } from './PartitionLog.ts';
import { encodeRecord, type EncodedRecord } from './recordCodec.ts';
import type { TopicMeta, TopicStore } from './TopicStore.ts';

/** How often a topic with readers re-checks its files, in case `fs.watch` misses another process's append. */
const POLL_INTERVAL_MS = 200;
/** How often the appender of a topic with a time retention looks for expired segments, at most. */
const RETENTION_CHECK_MS = 60_000;
/** How long an append to a shared-append topic waits for its turn (other processes appending) before it fails with `TopicLockedError`. */
const SHARED_TURN_WAIT_MS = 30_000;
/** How long closing waits for a turn to save the index files of a shared-append topic; without one, the next open scans a little more. */
const CLOSE_TURN_WAIT_MS = 2_000;

/** How a topic's appender lays out and keeps its segments. */
export interface TopicSettings {
  /** Roll to a new segment once the last one has this many bytes. */
  segmentBytes: number;
  /** The clock of record timestamps and time retention, epoch milliseconds. */
  now: () => number;
}

interface PendingAppend {
  records: EncodedRecord[];
  partitions: number[];
}

/**
 * An open topic: its partition files, its append lock once it appended, and
 * change notification for readers. Appends go through a group committer;
 * appends by other processes are picked up by `refresh`, which runs when the
 * folder changes (`fs.watch`), on a slow timer, and before reads.
 *
 * A shared-append topic holds its lock only for a turn: each group-commit
 * round takes it, catches up with what other processes appended (cutting a
 * tail a dead holder left torn), writes after it, fsyncs and lets go.
 */
export class Topic {
  readonly name: string;
  readonly partitions: number;
  readonly compacted: boolean;
  readonly retention: Retention;
  private readonly committer = new GroupCommitter<PendingAppend, Appended[]>((items) =>
    this.shared ? this.inTurn(() => this.flush(items), SHARED_TURN_WAIT_MS, new Set(items.flatMap((item) => item.partitions))) : this.flush(items),
  );
  private readonly listeners = new Set<() => void>();
  private lock: AppendLock | undefined;
  private locking: Promise<void> | undefined;
  private refreshRunning: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private maintaining: Promise<void> | undefined;
  private roundRobin = 0;
  private closed = false;
  private shared: boolean;
  /** The last turn of a shared-append topic; the next one starts after it. */
  private turn: Promise<unknown> = Promise.resolve();
  /** Whether the first catch-up with the lock held (takeover, retention, compaction) was done. */
  private repaired = false;

  private constructor(
    meta: TopicMeta,
    private readonly files: PartitionLog[],
    private readonly store: TopicStore,
    private readonly logger: Logger,
    private readonly settings: TopicSettings,
  ) {
    this.name = meta.name;
    this.partitions = meta.partitions;
    this.compacted = meta.compacted;
    this.shared = meta.sharedAppend ?? false;
    this.retention = {
      ...(meta.retentionMs !== undefined ? { retentionMs: meta.retentionMs } : {}),
      ...(meta.retentionBytes !== undefined ? { retentionBytes: meta.retentionBytes } : {}),
    };
  }

  /**
   * Opens and indexes the topic's partitions. It writes nothing: a tail after
   * the last whole frame is left to the process that appends (a write in
   * progress, or a torn one it cuts when it takes the append lock), and
   * damage is reported and skipped, never cut.
   */
  static async open(meta: TopicMeta, store: TopicStore, logger: Logger, settings: TopicSettings): Promise<Topic> {
    const opened = await Promise.allSettled(
      Array.from({ length: meta.partitions }, (_, partition) => PartitionLog.open({ store, topic: meta.name, partition, logger })),
    );
    const files = opened.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failed = opened.find((outcome) => outcome.status === 'rejected');
    if (failed) {
      await Promise.all(files.map((file) => file.close()));
      throw failed.reason;
    }
    return new Topic(meta, files, store, logger, settings);
  }

  /** Whether processes take turns appending (`TopicSpec.sharedAppend`) rather than one holding the lock. */
  get sharedAppend(): boolean {
    return this.shared;
  }

  /**
   * Takes turns from now on, as the topic's `topic.json` now says. Once this
   * process holds the lock for good (it appended before), it keeps it until
   * it closes; returns whether the topic takes turns.
   */
  shareAppends(): boolean {
    if (!this.locking) this.shared = true;
    return this.shared;
  }

  /** Group-commit counters, and the bytes read by scanning segments rather than through their index files. */
  get stats(): { appendCalls: number; syncRounds: number; scannedBytes: number } {
    return { appendCalls: this.committer.items, syncRounds: this.committer.rounds, scannedBytes: this.files.reduce((sum, file) => sum + file.scannedBytes, 0) };
  }

  /** The damaged ranges of every partition. */
  damage(): DamagedRange[] {
    return this.files.flatMap((file) => file.damage());
  }

  /** The first readable offset of each partition (retention and compaction move it forward). */
  earliestOffsets(): number[] {
    return this.files.map((file) => file.earliestOffset);
  }

  /** The partition log of `partition`; throws a RangeError naming the topic for a partition it does not have. */
  file(partition: number): PartitionLog {
    const file = this.files[partition];
    if (!file) throw new RangeError(`topic "${this.name}" has no partition ${partition} (it has ${this.partitions})`);
    return file;
  }

  /** The next offset of each partition, as far as this process has read the files. */
  endOffsets(): number[] {
    return this.files.map((file) => file.endOffset);
  }

  /** Appends durably; the first append takes the topic's lock and catches up with the files. */
  async append(records: readonly NewRecord[]): Promise<Appended[]> {
    if (!Array.isArray(records)) throw new TypeError(`append to "${this.name}" needs an array of records`);
    const encoded = records.map((record, i) => {
      try {
        return encodeRecord(record);
      } catch (error) {
        throw new TypeError(`record ${i} of an append to "${this.name}": ${(error as Error).message}`);
      }
    });
    const partitions = records.map((record) =>
      record.key === null ? this.roundRobin++ % this.partitions : partitionFor(record.key, this.partitions),
    );
    if (encoded.length === 0) return [];
    if (!this.shared) await this.ensureLock();
    if (this.closed) throw new Error(`the embedded log was closed before the append to "${this.name}"`);
    return this.committer.submit({ records: encoded, partitions });
  }

  /** Indexes records other processes appended; a no-op while this process holds the append lock (of a shared-append topic: during its turn). */
  refresh(): Promise<void> {
    if (this.refreshQueued) return this.refreshQueued;
    if (!this.refreshRunning) return this.startRefresh();
    this.refreshQueued = this.refreshRunning.catch(() => undefined).then(() => {
      this.refreshQueued = undefined;
      return this.startRefresh();
    });
    return this.refreshQueued;
  }

  /** Calls `listener` whenever records become readable; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.startWatching();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopWatching();
    };
  }

  /** Finishes queued appends, then closes the files and gives up the lock. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopWatching();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.committer.drain();
    await this.locking?.catch(() => undefined);
    await this.turn;
    await this.refreshRunning;
    await this.maintaining?.catch(() => undefined);
    // The appender leaves indexes that cover everything, so the next open scans nothing.
    if (this.lock) await this.saveIndexes();
    else if (this.shared && this.repaired) {
      await this.inTurn(() => this.saveIndexes(), CLOSE_TURN_WAIT_MS).catch((error: unknown) =>
        this.logger.debug('no turn to save segment indexes; the next open scans what they miss', { topic: this.name, err: error }),
      );
    }
    await Promise.all(this.files.map((file) => file.close()));
    await this.lock?.release();
    if (this.shared) await AppendLock.forget(this.store.lockPath(this.name));
  }

  private saveIndexes(): Promise<void> {
    return Promise.all(this.files.map((file) => file.saveIndexes())).then(
      () => undefined,
      (error: unknown) => this.logger.warn('could not save segment indexes; the next open rebuilds them', { topic: this.name, err: error }),
    );
  }

  /**
   * A turn of a shared-append topic: takes the lock (waiting up to `waitMs`
   * for other processes' turns), catches up with the files (of `partitions`
   * only, when given: those it writes), runs `work`, and lets go. One turn
   * at a time in this process.
   */
  private inTurn<T>(work: () => Promise<T>, waitMs: number, partitions?: ReadonlySet<number>): Promise<T> {
    const turn = this.turn.then(async () => {
      const lock = await AppendLock.acquire({ path: this.store.lockPath(this.name), topic: this.name, logger: this.logger, waitMs });
      // From here refreshes are no-ops; wait out one in flight so it cannot index our own writes.
      this.lock = lock;
      try {
        await this.refreshRunning?.catch(() => undefined);
        await this.catchUpAndRepair(partitions);
        return await work();
      } finally {
        this.lock = undefined;
        await lock.release();
      }
    });
    this.turn = turn.catch(() => undefined);
    return turn;
  }

  private ensureLock(): Promise<void> {
    this.locking ??= (async () => {
      const lock = await AppendLock.acquire({ path: this.store.lockPath(this.name), topic: this.name, logger: this.logger });
      // From here refreshes are no-ops; wait out one in flight so it cannot index our own writes.
      this.lock = lock;
      await this.refreshRunning?.catch(() => undefined);
      try {
        await this.catchUpAndRepair();
      } catch (error) {
        this.lock = undefined;
        await lock.release();
        throw error;
      }
    })().catch((error: unknown) => {
      this.locking = undefined; // the holder may go away; a later append tries again
      throw error;
    });
    return this.locking;
  }

  /**
   * With the lock held: index what the previous appender wrote, cut off what
   * it left half written, move files from before segments into place, and
   * apply the retention. A later turn of a shared-append topic only catches
   * up with the partitions it writes, and cuts a tail its previous holder
   * left torn there (it died writing).
   */
  private async catchUpAndRepair(partitions?: ReadonlySet<number>): Promise<void> {
    const files = this.repaired && partitions ? this.files.filter((file) => partitions.has(file.partition)) : this.files;
    const grown = await Promise.all(files.map((file) => file.refresh()));
    await Promise.all(files.filter((file) => !this.repaired || file.tail).map((file) => file.takeOver()));
    if (grown.some((count) => count > 0)) this.notify();
    if (this.repaired) return;
    this.repaired = true;
    await this.maintain();
    if (this.retention.retentionMs !== undefined) {
      const check = () =>
        this.shared
          ? void this.inTurn(() => this.maintain(), SHARED_TURN_WAIT_MS).catch((error: unknown) =>
              this.logger.warn('no turn to apply retention; will try again', { topic: this.name, err: error }),
            )
          : void this.maintain();
      this.retentionTimer = setInterval(check, Math.min(this.retention.retentionMs, RETENTION_CHECK_MS));
      this.retentionTimer.unref();
    }
  }

  /** With the lock held: deletes segments past the retention and compacts, one pass at a time; failures are logged. */
  private maintain(): Promise<void> {
    this.maintaining ??= (async () => {
      try {
        const now = this.settings.now();
        for (const file of this.files) {
          if (this.retention.retentionMs !== undefined || this.retention.retentionBytes !== undefined) await file.applyRetention(this.retention, now);
          if (this.compacted) await file.compact();
        }
      } catch (error) {
        this.logger.error('could not apply retention or compaction; will try again', { topic: this.name, err: error });
      } finally {
        this.maintaining = undefined;
      }
    })();
    return this.maintaining;
  }

  private startRefresh(): Promise<void> {
    const running = this.refreshOnce().finally(() => (this.refreshRunning = undefined));
    this.refreshRunning = running;
    return running;
  }

  private async refreshOnce(): Promise<void> {
    if (this.lock || this.closed) return;
    const grown = await Promise.all(this.files.map((file) => file.refresh()));
    if (grown.some((count) => count > 0)) this.notify();
  }

  private async flush(items: PendingAppend[]): Promise<Appended[][]> {
    const byPartition = new Map<number, EncodedRecord[]>();
    for (const item of items) {
      item.records.forEach((record, i) => {
        const partition = item.partitions[i]!;
        const list = byPartition.get(partition) ?? [];
        if (list.length === 0) byPartition.set(partition, list);
        list.push(record);
      });
    }
    let rolled = false;
    for (const partition of byPartition.keys()) if (await this.file(partition).rollIfFull(this.settings.segmentBytes)) rolled = true;
    const now = this.settings.now();
    const writes = [...byPartition].map(([partition, records]) => ({ partition, prepared: this.file(partition).prepare(records, now) }));
    const outcomes = await Promise.allSettled(writes.map(({ partition, prepared }) => this.file(partition).write(prepared)));
    // Partitions whose write succeeded are durable: publish them even when another failed, so index and file agree.
    writes.forEach(({ partition, prepared }, i) => outcomes[i]!.status === 'fulfilled' && this.file(partition).publish(prepared));
    if (outcomes.some((outcome) => outcome.status === 'fulfilled')) this.notify();
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    if (rolled) {
      // A turn caught up only with the partitions it writes; retention and compaction need all of them.
      if (this.shared) await Promise.all(this.files.map((file) => file.refresh()));
      await this.maintain();
    }
    const next = new Map(writes.map(({ partition, prepared }) => [partition, prepared.firstOffset]));
    return items.map((item) =>
      item.partitions.map((partition) => {
        const offset = next.get(partition)!;
        next.set(partition, offset + 1);
        return { topic: this.name, partition, offset };
      }),
    );
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private startWatching(): void {
    const check = () =>
      void this.refresh().catch((error: Error) => this.logger.warn('could not read new records', { topic: this.name, err: error }));
    // Appends land in the partitions' folders (or, before segments, in the topic's).
    const dirs = [this.store.topicDir(this.name), ...Array.from({ length: this.partitions }, (_, p) => this.store.partitionDir(this.name, p))];
    for (const dir of dirs) {
      try {
        const watcher = watch(dir, { persistent: false }, check);
        watcher.on('error', () => watcher.close()); // the timer still checks
        this.watchers.push(watcher);
      } catch (error) {
        this.logger.debug('fs.watch is unavailable; checking for new records on a timer only', { topic: this.name, dir, err: error });
      }
    }
    this.timer = setInterval(check, POLL_INTERVAL_MS);
    this.timer.unref();
  }

  private stopWatching(): void {
    for (const watcher of this.watchers.splice(0)) watcher.close();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
