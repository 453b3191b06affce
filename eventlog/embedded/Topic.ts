import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from '../../logger/index.ts';
import type { Appended, NewRecord } from '../EventLog.ts';
import { partitionFor } from '../partitionFor.ts';
import { AppendLock, TopicLockedError } from './AppendLock.ts';
import { GroupCommitter } from './GroupCommitter.ts';
import { PartitionFile } from './PartitionFile.ts';
import { encodeRecord, type EncodedRecord } from './recordCodec.ts';
import type { TopicMeta, TopicStore } from './TopicStore.ts';

/** How often a topic with readers re-checks its files, in case `fs.watch` misses another process's append. */
const POLL_INTERVAL_MS = 200;

interface PendingAppend {
  records: EncodedRecord[];
  partitions: number[];
}

/**
 * An open topic: its partition files, its append lock once it appended, and
 * change notification for readers. Appends go through a group committer;
 * appends by other processes are picked up by `refresh`, which runs when the
 * folder changes (`fs.watch`), on a slow timer, and before reads.
 */
export class Topic {
  readonly name: string;
  readonly partitions: number;
  readonly compacted: boolean;
  private readonly committer = new GroupCommitter<PendingAppend, Appended[]>((items) => this.flush(items));
  private readonly listeners = new Set<() => void>();
  private lock: AppendLock | undefined;
  private locking: Promise<void> | undefined;
  private refreshRunning: Promise<void> | undefined;
  private refreshQueued: Promise<void> | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private roundRobin = 0;
  private closed = false;

  private constructor(
    meta: TopicMeta,
    private readonly files: PartitionFile[],
    private readonly store: TopicStore,
    private readonly logger: Logger,
  ) {
    this.name = meta.name;
    this.partitions = meta.partitions;
    this.compacted = meta.compacted;
  }

  /**
   * Opens and indexes the topic's partitions. A tail after the last whole
   * frame is truncated when no live process holds the append lock; otherwise
   * it is that process's write in progress.
   */
  static async open(meta: TopicMeta, store: TopicStore, logger: Logger): Promise<Topic> {
    const opened = await Promise.allSettled(
      Array.from({ length: meta.partitions }, (_, partition) =>
        PartitionFile.open({ path: store.partitionPath(meta.name, partition), topic: meta.name, partition, logger }),
      ),
    );
    const files = opened.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const topic = new Topic(meta, files, store, logger);
    try {
      const failed = opened.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      if (files.some((file) => file.tailBytes > 0)) await topic.repairUnlessSomeoneAppends();
    } catch (error) {
      await Promise.all(files.map((file) => file.close()));
      throw error;
    }
    return topic;
  }

  /** Group-commit counters: append calls and the write+fsync rounds they took. */
  get stats(): { appendCalls: number; syncRounds: number } {
    return { appendCalls: this.committer.items, syncRounds: this.committer.rounds };
  }

  /** The file of `partition`; throws a RangeError naming the topic for a partition it does not have. */
  file(partition: number): PartitionFile {
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
    await this.ensureLock();
    if (this.closed) throw new Error(`the embedded log was closed before the append to "${this.name}"`);
    return this.committer.submit({ records: encoded, partitions });
  }

  /** Indexes records other processes appended; a no-op while this process holds the append lock. */
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
    await this.committer.drain();
    await this.locking?.catch(() => undefined);
    await this.refreshRunning;
    await Promise.all(this.files.map((file) => file.close()));
    await this.lock?.release();
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

  private async repairUnlessSomeoneAppends(): Promise<void> {
    let lock: AppendLock;
    try {
      lock = await AppendLock.acquire({ path: this.store.lockPath(this.name), topic: this.name, logger: this.logger });
    } catch (error) {
      if (!(error instanceof TopicLockedError)) throw error;
      this.logger.debug('partition data after the last whole record is left to the appending process', { topic: this.name, pid: error.holder.pid });
      return;
    }
    try {
      await this.catchUpAndRepair();
    } finally {
      await lock.release();
    }
  }

  /** With the lock held: index what the previous appender wrote, then cut off what it left half written. */
  private async catchUpAndRepair(): Promise<void> {
    const grown = await Promise.all(this.files.map((file) => file.refresh()));
    await Promise.all(this.files.map((file) => file.truncateTail()));
    if (grown.some((count) => count > 0)) this.notify();
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
    const now = Date.now();
    const writes = [...byPartition].map(([partition, records]) => ({ partition, prepared: this.file(partition).prepare(records, now) }));
    const outcomes = await Promise.allSettled(writes.map(({ partition, prepared }) => this.file(partition).write(prepared)));
    // Partitions whose write succeeded are durable: publish them even when another failed, so index and file agree.
    writes.forEach(({ partition, prepared }, i) => outcomes[i]!.status === 'fulfilled' && this.file(partition).publish(prepared));
    if (outcomes.some((outcome) => outcome.status === 'fulfilled')) this.notify();
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
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
    try {
      this.watcher = watch(this.store.topicDir(this.name), { persistent: false }, check);
      this.watcher.on('error', () => this.watcher?.close()); // the timer still checks
    } catch (error) {
      this.logger.debug('fs.watch is unavailable; checking for new records on a timer only', { topic: this.name, err: error });
    }
    this.timer = setInterval(check, POLL_INTERVAL_MS);
    this.timer.unref();
  }

  private stopWatching(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
