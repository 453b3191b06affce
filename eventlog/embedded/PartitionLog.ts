import { mkdir, rename, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { partitionPoint } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';
import { fsyncDir, writeFileAtomic } from '../../storage/durableFiles.ts';
import type { DamagedRange } from './DamagedRange.ts';
import { rewriteSegment } from './rewriteSegment.ts';
import { Segment, type PreparedWrite, type SegmentBatch } from './Segment.ts';
import type { EncodedRecord } from './recordCodec.ts';
import type { TopicStore } from './TopicStore.ts';

/** Where a partition lives. */
export interface PartitionLogOptions {
  store: TopicStore;
  topic: string;
  partition: number;
  logger: Logger;
  /** Check every frame of every segment and compare the index files, instead of trusting them (`meshgraph log verify`). @default false */
  verify?: boolean;
}

/** How long and how much a topic keeps; absent: forever. */
export interface Retention {
  retentionMs?: number;
  retentionBytes?: number;
}

/**
 * One partition: its segments (`partition-<n>/<base offset>.log`, each with
 * an index file), oldest first; the last one takes appends. A folder from
 * before segments (`partition-<n>.log`) is read in place as the segment of
 * base 0, and moved into the partition's folder by the first process that
 * appends.
 *
 * Only the process holding the topic's append lock writes: it cuts torn
 * tails, rolls segments, saves indexes, deletes segments past retention and
 * compacts. Any other process only reads, and follows what the appender did
 * with `refresh`.
 */
export class PartitionLog {
  private segments: Segment[] = [];
  /** The highest end offset ever seen: offsets never go back. */
  private end = 0;
  private timestamp = 0;

  private constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly store: TopicStore,
    private readonly logger: Logger,
    private readonly verify: boolean,
  ) {}

  /** Opens the partition's segments (none yet is fine: an empty partition). */
  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    const log = new PartitionLog(options.topic, options.partition, options.store, options.logger, options.verify ?? false);
    try {
      await log.refresh();
    } catch (error) {
      await log.close();
      throw error;
    }
    return log;
  }

  /** The next offset: past every offset the partition holds or held. */
  get endOffset(): number {
    return this.end;
  }

  /** The first offset kept: the base of the oldest segment (retention moves it forward), or the end offset when there is none. */
  get earliestOffset(): number {
    return this.segments[0]?.baseOffset ?? this.end;
  }

  /** Bytes read by scanning segments (not through their index files) since the partition was opened. */
  get scannedBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.scannedBytes, 0);
  }

  /** Segment count, readable records and bytes, for reports. */
  get figures(): { segments: number; records: number; bytes: number; tailBytes: number } {
    let records = 0;
    let bytes = 0;
    for (const segment of this.segments) {
      records += segment.records;
      bytes += segment.bytes;
    }
    return { segments: this.segments.length, records, bytes, tailBytes: this.active?.tailBytes ?? 0 };
  }

  /** The damaged ranges found so far, oldest first. */
  damage(): DamagedRange[] {
    return this.segments.flatMap((segment) =>
      segment.damage.filter((range) => range.movedTo === undefined).map((range) => ({ topic: this.topic, partition: this.partition, file: segment.path, ...range })),
    );
  }

  /** With `verify`: the segments whose index file is missing, unreadable or wrong, and why. */
  indexProblems(): Array<{ file: string; problem: string }> {
    return this.segments.flatMap((segment) => (segment.indexProblem === undefined ? [] : [{ file: segment.indexPath, problem: segment.indexProblem }]));
  }

  /** The segments, oldest first (for repair). */
  segmentList(): readonly Segment[] {
    return this.segments;
  }

  /** The last segment's tail, if it has one (a write in progress, or torn). */
  get tail(): { bytes: number; reason: string } | undefined {
    const active = this.active;
    return active && active.tailBytes > 0 ? { bytes: active.tailBytes, reason: active.tailProblem?.reason ?? '' } : undefined;
  }

  /**
   * Catches up with the files: segments added (a roll) or removed
   * (retention) by the appender, and frames appended to the last one.
   * Returns how many records became readable.
   */
  async refresh(): Promise<number> {
    const { legacy, bases } = await this.store.listSegments(this.topic, this.partition);
    const listed = new Set(bases);
    if (legacy) listed.add(0);
    // Never drop the last segment: it is where appends go, and the end offset lives there.
    const gone = this.segments.slice(0, -1).filter((segment) => !listed.has(segment.baseOffset));
    if (gone.length > 0) {
      this.segments = this.segments.filter((segment) => !gone.includes(segment));
      await Promise.all(gone.map((segment) => segment.close()));
    }
    let grown = this.active ? await this.active.refresh() : 0;
    const known = this.active?.baseOffset ?? -1;
    for (const base of [...listed].filter((base) => base > known).sort((a, b) => a - b)) {
      const path = legacy && base === 0 && !bases.includes(0) ? this.store.legacyPartitionPath(this.topic, this.partition) : this.store.segmentPath(this.topic, this.partition, base);
      let segment: Segment;
      try {
        segment = await Segment.open({ ...this.where(base), path, verify: this.verify });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted by retention or moved meanwhile; the next refresh sees it
        throw error;
      }
      this.active?.closeTail(base);
      this.segments.push(segment);
      grown += segment.records;
    }
    this.settle();
    return grown;
  }

  /**
   * Up to `maxRecords` records from `offset` on, in one segment, and the
   * offset to read next. Offsets without a readable record (damaged, or
   * compacted away) are skipped.
   */
  async readBatch(offset: number, maxRecords: number, maxBytes: number): Promise<SegmentBatch> {
    let at = Math.max(0, partitionPoint(0, this.segments.length, (i) => this.segments[i]!.baseOffset <= offset) - 1);
    let from = offset;
    for (; at < this.segments.length; at++) {
      const batch = await this.segments[at]!.readBatch(from, maxRecords, maxBytes);
      if (batch.records.length > 0 || at === this.segments.length - 1) return batch;
      from = Math.max(batch.next, this.segments[at + 1]!.baseOffset);
    }
    return { records: [], next: Math.max(from, this.end) };
  }

  /** The first readable offset appended at or after `timestamp`, or the end offset. */
  offsetForTimestamp(timestamp: number): number {
    for (const segment of this.segments) {
      if (segment.lastTimestamp < timestamp) continue;
      const offset = segment.offsetForTimestamp(timestamp);
      if (offset !== undefined) return offset;
    }
    return this.end;
  }

  /**
   * With the append lock: moves a file from before segments into the
   * partition's folder, cuts a torn tail (keeping a copy of one that is not
   * merely cut short in the topic's `damaged/` folder), and makes sure a
   * segment takes appends.
   */
  async takeOver(): Promise<void> {
    const dir = this.store.partitionDir(this.topic, this.partition);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const first = this.segments[0];
    const legacy = this.store.legacyPartitionPath(this.topic, this.partition);
    if (first && first.baseOffset === 0 && first.path === legacy) {
      const path = this.store.segmentPath(this.topic, this.partition, 0);
      await rename(legacy, path);
      await fsyncDir(dir);
      await fsyncDir(this.store.topicDir(this.topic));
      first.path = path;
      this.logger.info('moved a partition file into segments', { topic: this.topic, partition: this.partition, from: legacy, to: path });
    }
    await this.active?.truncateTail(this.store.damagedDir(this.topic));
    if (!this.active) await this.addSegment(this.end);
  }

  /** With the append lock: starts a new segment when the last one has `segmentBytes` or more; true when it did. */
  async rollIfFull(segmentBytes: number): Promise<boolean> {
    const active = this.active;
    if (!active) {
      await this.addSegment(this.end);
      return false;
    }
    if (active.bytes < segmentBytes || active.records === 0) return false;
    await active.saveIndex();
    await this.addSegment(this.end);
    return true;
  }

  /** Frames `records` at the next offsets with one timestamp, never before the previous one. */
  prepare(records: readonly EncodedRecord[], now: number): PreparedWrite {
    return this.requireActive().prepare(records, this.end, Math.max(now, this.timestamp));
  }

  write(prepared: PreparedWrite): Promise<void> {
    return this.requireActive().write(prepared);
  }

  publish(prepared: PreparedWrite): void {
    this.requireActive().publish(prepared);
    this.settle();
  }

  /** With the append lock: writes the index files that are behind their segments. */
  async saveIndexes(): Promise<void> {
    for (const segment of this.segments) await segment.saveIndex();
  }

  /**
   * With the append lock: deletes whole segments, oldest first, that are
   * past the retention (every record older than `retentionMs`, or the
   * partition bigger than `retentionBytes` without them). The last segment
   * stays. Returns the segments deleted.
   */
  async applyRetention(retention: Retention, now: number): Promise<number> {
    const { retentionMs, retentionBytes } = retention;
    let total = this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
    const expired: Segment[] = [];
    for (const segment of this.segments.slice(0, -1)) {
      const tooOld = retentionMs !== undefined && segment.lastTimestamp < now - retentionMs;
      const tooBig = retentionBytes !== undefined && total - segment.bytes >= retentionBytes;
      if (!tooOld && !tooBig) break;
      expired.push(segment);
      total -= segment.bytes;
    }
    if (expired.length === 0) return 0;
    this.segments = this.segments.slice(expired.length);
    for (const segment of expired) {
      await unlink(segment.indexPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await unlink(segment.path);
    }
    await fsyncDir(this.store.partitionDir(this.topic, this.partition));
    await Promise.all(expired.map((segment) => segment.close()));
    this.logger.info('deleted segments past the retention', {
      topic: this.topic,
      partition: this.partition,
      segments: expired.length,
      earliestOffset: this.earliestOffset,
      ...(retentionMs !== undefined ? { retentionMs } : {}),
      ...(retentionBytes !== undefined ? { retentionBytes } : {}),
    });
    return expired.length;
  }

  /**
   * With the append lock: rewrites the closed segments keeping only the
   * latest record of each key (records without a key stay), at their
   * offsets. A segment with damage is left as it is: its damaged bytes are
   * kept for repair. Returns the records removed.
   */
  async compact(): Promise<number> {
    const closed = this.segments.slice(0, -1);
    if (closed.length === 0) return 0;
    const latest = new Map<string, number>();
    for (const segment of this.segments) for await (const { key, offset } of segment.keys()) if (key !== null) latest.set(key, offset);
    let removed = 0;
    for (const segment of closed) {
      if (segment.damage.length > 0) continue;
      const rewritten = await rewriteSegment(segment, (record) => record.key === null || latest.get(record.key) === record.offset, this.where(segment.baseOffset));
      if (!rewritten) continue;
      removed += segment.records - rewritten.records;
      this.segments[this.segments.indexOf(segment)] = rewritten;
      await segment.close();
    }
    if (removed > 0) this.logger.info('compacted a partition: only the latest record of each key is kept', { topic: this.topic, partition: this.partition, removed });
    return removed;
  }

  /**
   * With the append lock, on a partition opened with `verify`: copies each
   * damaged range into a file of its own under `damagedDir` (never deleting
   * it), rewrites its segment without it (the offsets it held stay used),
   * and writes every index file again. Returns the files written.
   */
  async repair(damagedDir: string): Promise<Array<{ file: string; bytes: number; firstOffset: number; endOffset: number }>> {
    const moved: Array<{ file: string; bytes: number; firstOffset: number; endOffset: number }> = [];
    for (const segment of [...this.segments]) {
      const ranges = segment.damage.filter((range) => range.movedTo === undefined);
      if (ranges.length === 0) continue;
      await mkdir(damagedDir, { recursive: true, mode: 0o700 });
      const lost = [];
      for (const range of ranges) {
        const name = `partition-${this.partition}.${basename(segment.path, '.log')}.bytes-${range.fromByte}-${range.toByte}.offsets-${range.firstOffset}-${range.endOffset}.damaged`;
        const file = join(damagedDir, name);
        const bytes = await segment.readBytes(range.fromByte, range.toByte);
        await writeFileAtomic(file, bytes, { replace: true, mode: 0o600 });
        lost.push({ ...range, movedTo: file });
        moved.push({ file, bytes: bytes.length, firstOffset: range.firstOffset, endOffset: range.endOffset });
      }
      const rewritten = await rewriteSegment(segment, () => true, { ...this.where(segment.baseOffset), path: segment.path }, lost);
      if (!rewritten) continue;
      this.segments[this.segments.indexOf(segment)] = rewritten;
      await segment.close();
      this.logger.warn('moved damaged bytes out of a segment', { ...rewritten.fields(), ranges: lost.length, to: damagedDir });
    }
    for (const segment of this.segments) await segment.saveIndex();
    this.settle();
    return moved;
  }

  async close(): Promise<void> {
    await Promise.all(this.segments.map((segment) => segment.close()));
  }

  private get active(): Segment | undefined {
    return this.segments.at(-1);
  }

  private requireActive(): Segment {
    const active = this.active;
    if (!active) throw new Error(`partition ${this.partition} of topic "${this.topic}" has no segment to append to`);
    return active;
  }

  private where(base: number) {
    return {
      path: this.store.segmentPath(this.topic, this.partition, base),
      indexPath: this.store.segmentIndexPath(this.topic, this.partition, base),
      baseOffset: base,
      topic: this.topic,
      partition: this.partition,
      logger: this.logger,
    };
  }

  private async addSegment(base: number): Promise<void> {
    const segment = await Segment.open({ ...this.where(base), create: true });
    await fsyncDir(this.store.partitionDir(this.topic, this.partition));
    this.active?.closeTail(base);
    this.segments.push(segment);
    this.settle();
  }

  private settle(): void {
    const active = this.active;
    if (active) this.end = Math.max(this.end, active.nextOffset);
    for (const segment of this.segments) this.timestamp = Math.max(this.timestamp, segment.lastTimestamp);
  }
}
