import type { Logger } from '../../logger/index.ts';
import type { ReadOptions, Reader } from '../EventLog.ts';
import type { GroupMembership, GroupSession } from './GroupMembership.ts';
import type { GroupOffsets } from './GroupOffsets.ts';
import { Signal } from './Signal.ts';
import { startPositions } from './startPositions.ts';
import type { Topic } from './Topic.ts';

/** A batch holds up to this many records… */
const MAX_BATCH_RECORDS = 500;
/** …and up to this many bytes of frames (or one record, if that alone is bigger). */
const MAX_BATCH_BYTES = 1024 * 1024;

/** What a reader needs from its log. */
export interface ReaderContext {
  topic: Topic;
  groupOffsets: GroupOffsets;
  membership: GroupMembership;
  logger: Logger;
}

/**
 * A live reader of one topic. It delivers one partition's batch at a time,
 * taking partitions in turn, and sleeps on a signal when it has delivered
 * everything: appends in this process and `refresh` (for other processes)
 * wake it. In a group it reads only the partitions the group gives it, and
 * hands one over between batches when a rebalance takes it away.
 */
export class EmbeddedReader implements Reader {
  readonly caughtUp: Promise<void>;
  readonly done: Promise<void>;
  private readonly signal = new Signal();
  /** Partitions this reader holds → the next offset to deliver. */
  private readonly positions = new Map<number, number>();
  private readonly session: GroupSession | undefined;
  private readonly unsubscribe: () => void;
  private readonly autoCommit: boolean;
  private settleCaughtUp!: (error?: unknown) => void;
  private isCaughtUp = false;
  private closed = false;
  private cursor = 0;

  private constructor(
    private readonly context: ReaderContext,
    private readonly options: ReadOptions,
    /** End offsets when the reader started: `caughtUp` waits for these. */
    private readonly startEnds: number[],
    private readonly initial: number[],
  ) {
    this.autoCommit = options.autoCommit ?? true;
    this.caughtUp = new Promise<void>((resolve, reject) => {
      this.settleCaughtUp = (error) => (error === undefined ? resolve() : reject(error));
    });
    this.caughtUp.catch(() => undefined); // rejects only with `done`; not waiting for it is fine
    this.unsubscribe = context.topic.subscribe(() => this.signal.notify());
    const member = { wake: () => this.signal.notify() };
    if (options.groupId !== undefined) {
      this.session = context.membership.join(options.groupId, context.topic.name, context.topic.partitions, member);
    } else {
      initial.forEach((position, partition) => this.positions.set(partition, position));
    }
    this.done = this.run();
    this.done.catch(() => undefined); // callers may never look; the failure is logged
  }

  /** Validates the options, works out the start positions and starts delivering. */
  static async start(context: ReaderContext, options: ReadOptions): Promise<EmbeddedReader> {
    if (typeof options.onBatch !== 'function') throw new TypeError(`read of "${context.topic.name}" needs an onBatch function`);
    const { topic, groupOffsets, logger } = context;
    await topic.refresh();
    const startEnds = topic.endOffsets();
    const committed =
      options.groupId !== undefined && options.from === undefined ? await groupOffsets.committed(options.groupId, topic.name) : undefined;
    return new EmbeddedReader(context, options, startEnds, startPositions(topic, options.from, committed, logger));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signal.notify();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let failure: unknown;
    try {
      while (!this.closed) {
        this.reconcile();
        this.checkCaughtUp();
        const partition = this.nextPartition();
        if (partition === undefined) await this.signal.wait();
        else await this.deliver(partition);
      }
    } catch (error) {
      failure = error;
    } finally {
      this.unsubscribe();
      this.session?.leave(this.positions);
    }
    if (!this.isCaughtUp) this.settleCaughtUp(failure ?? new Error(`reader of "${this.context.topic.name}" closed before it caught up`));
    if (failure !== undefined) {
      this.context.logger.error('reader stopped', { topic: this.context.topic.name, group: this.options.groupId, err: failure });
      throw failure;
    }
  }

  /** In a group: gives up partitions the group moved away, takes up those it moved here. */
  private reconcile(): void {
    if (!this.session) return;
    const assigned = this.session.assignment();
    for (const [partition, position] of this.positions) {
      if (assigned.includes(partition)) continue;
      this.positions.delete(partition);
      this.session.release(partition, position);
    }
    for (const partition of assigned) {
      if (this.positions.has(partition)) continue;
      const taken = this.session.acquire(partition);
      if (taken) this.positions.set(partition, taken.handoff ?? this.initial[partition]!);
    }
  }

  /** The next held partition with records to deliver, in turn. */
  private nextPartition(): number | undefined {
    const held = [...this.positions.keys()];
    for (let i = 0; i < held.length; i++) {
      const partition = held[(this.cursor + i) % held.length]!;
      if (this.positions.get(partition)! < this.context.topic.file(partition).endOffset) {
        this.cursor = (this.cursor + i + 1) % held.length;
        return partition;
      }
    }
    return undefined;
  }

  private async deliver(partition: number): Promise<void> {
    const { topic, groupOffsets, logger } = this.context;
    const file = topic.file(partition);
    let position = this.positions.get(partition)!;
    if (position < file.earliestOffset) {
      // As Kafka's consumers do (auto.offset.reset=earliest): records deleted by retention are gone; carry on with the oldest kept.
      logger.warn('records the reader was due to read were deleted by retention; continuing at the earliest offset', {
        topic: topic.name,
        partition,
        offset: position,
        earliest: file.earliestOffset,
      });
      position = file.earliestOffset;
    }
    const { records, next } = await file.readBatch(position, MAX_BATCH_RECORDS, MAX_BATCH_BYTES);
    if (records.length > 0) await this.options.onBatch(records);
    this.positions.set(partition, next);
    if (records.length === 0) return;
    if (this.options.groupId !== undefined && this.autoCommit) await groupOffsets.commit(this.options.groupId, topic.name, { [partition]: next });
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp) return;
    const assigned = this.session ? this.session.assignment() : this.startEnds.map((_, partition) => partition);
    for (const partition of assigned) {
      const position = this.positions.get(partition);
      if (position === undefined || position < this.startEnds[partition]!) return;
    }
    this.isCaughtUp = true;
    this.settleCaughtUp();
  }
}
