import { constants } from 'node:fs';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { partitionPoint } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { LogRecord } from '../EventLog.ts';
import { readFully, writeFileAtomic, writeFully } from '../../storage/durableFiles.ts';
import { OffsetIndex } from './OffsetIndex.ts';
import { checkFrame, decodeFrame, FRAME_HEADER_BYTES, MIN_FRAME_BYTES, peekFrameOffset, writeFrame, type EncodedRecord } from './recordCodec.ts';
import { scanFrames, type ScanResult, type SegmentDamage } from './scanFrames.ts';
import { decodeSegmentIndex, encodeSegmentIndex } from './SegmentIndexFile.ts';

/** Records framed for one partition, written but not yet visible to readers. */
export interface PreparedWrite {
  buffer: Buffer;
  firstOffset: number;
  timestamp: number;
  frameBytes: number[];
}

/** Where a segment is and whose it is. */
export interface SegmentOptions {
  path: string;
  indexPath: string;
  baseOffset: number;
  topic: string;
  partition: number;
  logger: Logger;
  /** Create the file if it is missing: only the appending process does. @default false */
  create?: boolean;
  /** Check every frame (the index file is not used, only compared): for `meshgraph log verify` and `repair`. @default false */
  verify?: boolean;
}

/** A batch read from a segment, and the offset to read next. */
export interface SegmentBatch {
  records: LogRecord[];
  next: number;
}

/**
 * One segment of a partition: a file of frames from `baseOffset` on, and its
 * in-memory index, loaded from the index file next to it when that matches
 * the segment (else rebuilt by a scan). Bytes that are not valid frames are
 * either damage (valid frames follow them: kept, reported, skipped by
 * readers, their offsets never used again) or a tail (nothing valid follows:
 * a write in progress or a torn one, which only the appending process cuts).
 *
 * Appending is three steps so a topic can sync several partitions together:
 * `prepare` frames records at the next offsets, `write` writes and
 * fdatasyncs them, `publish` makes them readable.
 */
export class Segment {
  private index = new OffsetIndex();
  /** Position after the last indexed frame (or after damage the appender kept). */
  private validEnd = 0;
  private tail: { bytes: number; problem: NonNullable<ScanResult['tail']> } | undefined;
  private readonly damaged: SegmentDamage[] = [];
  private broken: Error | undefined;
  private warnedShrink = false;
  private reads = 0;
  private closing: (() => void) | undefined;
  /** Bytes read by scans (not through an index file) since the segment was opened. */
  scannedBytes = 0;
  /** Bytes the index file on disk covers; the appender rewrites it when it is behind. */
  private indexedBytes = 0;
  /** With `verify`: what is wrong with the index file, if anything (missing, unreadable, or not what the segment holds). */
  indexProblem: string | undefined;

  private constructor(
    /** The segment file; it changes once, when the appender moves a file from before segments into the partition's folder. */
    public path: string,
    readonly indexPath: string,
    readonly baseOffset: number,
    readonly topic: string,
    readonly partition: number,
    private readonly handle: FileHandle,
    private readonly logger: Logger,
  ) {}

  /** Opens the segment, loads its index (or scans it), and scans what the index does not cover. */
  static async open(options: SegmentOptions): Promise<Segment> {
    const { path, indexPath, baseOffset, topic, partition, logger, create = false, verify = false } = options;
    const handle = await open(path, create ? constants.O_RDWR | constants.O_CREAT : constants.O_RDWR, 0o600);
    const segment = new Segment(path, indexPath, baseOffset, topic, partition, handle, logger);
    try {
      if (!verify) await segment.loadIndex();
      await segment.refresh();
      if (verify) segment.indexProblem = await segment.compareIndexFile();
    } catch (error) {
      await handle.close();
      throw error;
    }
    return segment;
  }

  /** The offset after every offset this segment holds or held (its base when empty). */
  get nextOffset(): number {
    let next = Math.max(this.baseOffset, this.index.lastOffset + 1);
    for (const range of this.damaged) next = Math.max(next, range.endOffset);
    return next;
  }

  /** The first readable offset, or `nextOffset` when there is none. */
  get firstOffset(): number {
    return this.index.length > 0 ? this.index.offsetAt(0) : this.nextOffset;
  }

  /** Readable records. */
  get records(): number {
    return this.index.length;
  }

  /** Bytes of frames (and kept damage) before the tail. */
  get bytes(): number {
    return this.validEnd;
  }

  /** Bytes after the last valid frame, as of the last scan. */
  get tailBytes(): number {
    return this.tail?.bytes ?? 0;
  }

  get tailProblem(): NonNullable<ScanResult['tail']> | undefined {
    return this.tail?.problem;
  }

  /** The timestamp of the last record, or 0. */
  get lastTimestamp(): number {
    return this.index.lastTimestamp;
  }

  /** The damaged ranges found so far. */
  get damage(): readonly SegmentDamage[] {
    return this.damaged;
  }

  /** Indexes frames appended since the last scan (by another process); returns how many. */
  async refresh(): Promise<number> {
    const { size } = await this.handle.stat();
    if (size < this.validEnd) {
      if (!this.warnedShrink) this.logger.warn('segment file is shorter than the records already read', this.fields({ size }));
      this.warnedShrink = true;
      return 0;
    }
    if (size === this.validEnd) {
      this.tail = undefined;
      return 0;
    }
    const before = this.index.length;
    const result = await scanFrames(this.handle, this.validEnd, size, this.index.lastOffset, (position, offset, timestamp) =>
      this.index.push(offset, position, timestamp),
    );
    this.scannedBytes += result.end - this.validEnd;
    this.validEnd = result.end;
    for (const range of result.damage) this.addDamage(range);
    this.tail = result.tail && { bytes: size - result.end, problem: result.tail };
    if (this.tail) await this.keepLostLastFrame(size);
    return this.index.length - before;
  }

  /**
   * A tail in a segment that is no longer the last one is not a write in
   * progress: it is damage, and the offsets it held run to the next
   * segment's base.
   */
  closeTail(nextBase: number): void {
    if (!this.tail) return;
    this.addDamage({
      fromByte: this.validEnd,
      toByte: this.validEnd + this.tail.bytes,
      firstOffset: this.nextOffset,
      endOffset: Math.max(nextBase, this.nextOffset),
      reason: this.tail.problem.reason,
    });
    this.validEnd += this.tail.bytes;
    this.tail = undefined;
  }

  /**
   * Cuts off a torn tail, saying so; only for the process holding the append
   * lock. A tail that is not merely cut short (whole frames that fail their
   * checks: a power loss, or damage) is first copied to `keepCorruptIn`.
   */
  async truncateTail(keepCorruptIn: string): Promise<void> {
    const { size } = await this.handle.stat();
    if (size <= this.validEnd) return;
    let keptIn: string | undefined;
    if (this.tail?.problem.kind === 'corrupt') {
      keptIn = join(keepCorruptIn, `partition-${this.partition}.${basename(this.path, '.log')}.bytes-${this.validEnd}-${size}.tail`);
      await mkdir(keepCorruptIn, { recursive: true, mode: 0o700 });
      await writeFileAtomic(keptIn, await this.readBytes(this.validEnd, size), { replace: true, mode: 0o600 });
    }
    this.logger.warn('truncated a torn tail of a segment (an append that never completed)', {
      ...this.fields({ position: this.validEnd, droppedBytes: size - this.validEnd }),
      reason: this.tail?.problem.reason,
      nextOffset: this.nextOffset,
      ...(keptIn !== undefined ? { keptIn } : {}),
    });
    await this.handle.truncate(this.validEnd);
    await this.handle.datasync();
    this.tail = undefined;
  }

  /** Frames `records` at `firstOffset` on with one timestamp. */
  prepare(records: readonly EncodedRecord[], firstOffset: number, timestamp: number): PreparedWrite {
    if (this.broken) throw this.broken;
    let bytes = 0;
    for (const record of records) bytes += record.frameBytes;
    const buffer = Buffer.allocUnsafe(bytes);
    let at = 0;
    records.forEach((record, i) => (at = writeFrame(buffer, at, record, firstOffset + i, timestamp)));
    return { buffer, firstOffset, timestamp, frameBytes: records.map((record) => record.frameBytes) };
  }

  /**
   * Writes prepared frames after the last one and fdatasyncs them. On failure
   * the segment refuses further appends: after a failed fsync the kernel's
   * copy of the file can no longer be trusted.
   */
  async write(prepared: PreparedWrite): Promise<void> {
    if (this.broken) throw this.broken;
    try {
      await writeFully(this.handle, prepared.buffer, this.validEnd);
      await this.handle.datasync();
    } catch (error) {
      this.broken = new Error(
        `partition ${this.partition} of topic "${this.topic}" could not be written (${(error as Error).message}); close and reopen the log`,
        { cause: error },
      );
      await this.handle.truncate(this.validEnd).catch(() => undefined);
      throw this.broken;
    }
  }

  /** Makes written frames readable. */
  publish(prepared: PreparedWrite): void {
    let position = this.validEnd;
    prepared.frameBytes.forEach((bytes, i) => {
      this.index.push(prepared.firstOffset + i, position, prepared.timestamp);
      position += bytes;
    });
    this.validEnd = position;
  }

  /** The first readable offset appended at or after `timestamp`, or undefined when none is. */
  offsetForTimestamp(timestamp: number): number | undefined {
    const entry = this.index.entryAtOrAfterTime(timestamp);
    return entry < this.index.length ? this.index.offsetAt(entry) : undefined;
  }

  /**
   * Up to `maxRecords` readable records from `offset` on (skipping offsets
   * with no readable record), at most `maxBytes` of frames unless the first
   * alone is bigger. A frame found damaged now (after it was indexed) is
   * reported and skipped.
   */
  async readBatch(offset: number, maxRecords: number, maxBytes: number): Promise<SegmentBatch> {
    const first = this.index.entryAtOrAfter(offset);
    const stop = Math.min(this.index.length, first + maxRecords);
    if (first >= stop) return { records: [], next: Math.max(offset, this.nextOffset) };
    const start = this.index.positionAt(first);
    const endOf = (entry: number) => (entry < this.index.length ? this.index.positionAt(entry) : this.validEnd);
    // The batch ends where its frames would pass maxBytes, but holds the first record whatever its size.
    const last = partitionPoint(first + 2, stop + 1, (entry) => endOf(entry) - start <= maxBytes) - 1;
    const length = endOf(last) - start;
    const buffer = Buffer.allocUnsafe(length);
    this.reads++;
    try {
      if ((await readFully(this.handle, buffer, start, length)) < length) throw new Error(`${this.path} ended before offset ${this.index.offsetAt(last - 1)}`);
    } finally {
      this.reads--;
      if (this.reads === 0) this.closing?.();
    }
    const records: LogRecord[] = [];
    // Neighbouring damaged frames are reported as one range.
    let damaged: SegmentDamage | undefined;
    for (let entry = first; entry < last; entry++) {
      const at = this.index.positionAt(entry) - start;
      const offset = this.index.offsetAt(entry);
      const check = checkFrame(buffer, at, endOf(entry + 1) - start);
      if (check.status !== 'ok' || check.offset !== offset) {
        const reason = check.status === 'ok' ? `frame holds offset ${check.offset} where the index says ${offset}` : check.reason;
        if (damaged) Object.assign(damaged, { toByte: endOf(entry + 1), endOffset: offset + 1 });
        else damaged = { fromByte: start + at, toByte: endOf(entry + 1), firstOffset: offset, endOffset: offset + 1, reason };
        continue;
      }
      if (damaged) this.addDamage(damaged);
      damaged = undefined;
      const { timestamp, key, headers, value } = decodeFrame(buffer, at);
      records.push({ topic: this.topic, partition: this.partition, offset, key, value, headers, timestamp });
    }
    if (damaged) this.addDamage(damaged);
    return { records, next: last < this.index.length ? this.index.offsetAt(last) : Math.max(this.index.offsetAt(last - 1) + 1, this.nextOffset) };
  }

  /** The bytes in `[from, to)` of the segment file, as they are (for moving damaged bytes aside). */
  async readBytes(from: number, to: number): Promise<Buffer> {
    const buffer = Buffer.alloc(to - from);
    const read = await readFully(this.handle, buffer, from);
    return buffer.subarray(0, read);
  }

  /** Every readable record's key and offset, in order (for compaction). */
  async *keys(): AsyncGenerator<{ key: string | null; offset: number }> {
    for (let offset = this.firstOffset; ; ) {
      const { records, next } = await this.readBatch(offset, 1000, 4 * 1024 * 1024);
      for (const record of records) yield { key: record.key, offset: record.offset };
      if (records.length === 0 || next >= this.nextOffset) return;
      offset = next;
    }
  }

  /** Writes the index file when it is behind the segment; only for the appending process. */
  async saveIndex(): Promise<void> {
    if (this.indexedBytes === this.validEnd && this.validEnd > 0) return;
    const bytes = encodeSegmentIndex({ baseOffset: this.baseOffset, coveredBytes: this.validEnd, index: this.index, damage: this.damaged });
    await writeFileAtomic(this.indexPath, bytes, { replace: true, mode: 0o600 });
    this.indexedBytes = this.validEnd;
  }

  /** Closes the file once reads in flight are done. */
  async close(): Promise<void> {
    if (this.reads > 0) await new Promise<void>((resolve) => (this.closing = resolve));
    await this.handle.close();
  }

  /** The fields naming this segment in log lines. */
  fields(extra: Record<string, number> = {}): Record<string, string | number> {
    return { topic: this.topic, partition: this.partition, file: this.path, ...extra };
  }

  /** What is wrong with the index file next to the segment, compared entry by entry with a full scan; undefined when nothing is. */
  private async compareIndexFile(): Promise<string | undefined> {
    const bytes = await readFile(this.indexPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (bytes === undefined) return this.validEnd === 0 ? undefined : 'missing';
    const saved = decodeSegmentIndex(bytes);
    if ('problem' in saved) return saved.problem;
    if (saved.baseOffset !== this.baseOffset) return `index of base offset ${saved.baseOffset}`;
    if (saved.coveredBytes > this.validEnd) return `index covers ${saved.coveredBytes} bytes, the segment's records end at ${this.validEnd}`;
    for (let entry = 0; entry < saved.index.length; entry++) {
      const [offset, position] = [saved.index.offsetAt(entry), saved.index.positionAt(entry)];
      const scanned = this.index.entryAtOrAfter(offset);
      if (scanned >= this.index.length || this.index.offsetAt(scanned) !== offset || this.index.positionAt(scanned) !== position) {
        return `index entry ${entry} puts offset ${offset} at byte ${position}, where the segment has no such record`;
      }
    }
    return undefined;
  }

  /** Takes the index file when it matches the segment: same base, and its last frame where it says. */
  private async loadIndex(): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.indexPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const saved = decodeSegmentIndex(bytes);
    const problem = 'problem' in saved ? saved.problem : await this.mismatch(saved.baseOffset, saved.coveredBytes, saved.index);
    if (problem !== undefined) {
      this.logger.warn('segment index does not match its segment; rebuilding it from the segment', { ...this.fields(), index: this.indexPath, problem });
      return;
    }
    if ('problem' in saved) return;
    this.index = saved.index;
    this.validEnd = saved.coveredBytes;
    this.indexedBytes = saved.coveredBytes;
    for (const range of saved.damage) this.addDamage(range);
  }

  private async mismatch(baseOffset: number, coveredBytes: number, index: OffsetIndex): Promise<string | undefined> {
    if (baseOffset !== this.baseOffset) return `index of base offset ${baseOffset}`;
    const { size } = await this.handle.stat();
    if (coveredBytes > size) return `index covers ${coveredBytes} bytes, the segment has ${size}`;
    if (index.length === 0) return coveredBytes === 0 ? undefined : `index covers ${coveredBytes} bytes but no record`;
    for (const entry of [0, index.length - 1]) {
      const position = index.positionAt(entry);
      const header = Buffer.alloc(MIN_FRAME_BYTES);
      if ((await readFully(this.handle, header, position)) < MIN_FRAME_BYTES || peekFrameOffset(header, 0) !== index.offsetAt(entry)) {
        return `no frame of offset ${index.offsetAt(entry)} at byte ${position}`;
      }
    }
    return undefined;
  }

  /**
   * A whole last frame that fails its checksum but names the next offset is
   * an acknowledged record damaged since, not a torn write: keep it as damage
   * so its offset is never used again.
   */
  private async keepLostLastFrame(size: number): Promise<void> {
    if (this.tail?.problem.kind !== 'corrupt' || size - this.validEnd < MIN_FRAME_BYTES) return;
    const header = Buffer.alloc(MIN_FRAME_BYTES);
    if ((await readFully(this.handle, header, this.validEnd)) < MIN_FRAME_BYTES) return;
    const offset = peekFrameOffset(header, 0);
    if (offset !== this.nextOffset || FRAME_HEADER_BYTES + header.readUInt32BE(0) !== size - this.validEnd) return;
    this.addDamage({ fromByte: this.validEnd, toByte: size, firstOffset: offset, endOffset: offset + 1, reason: this.tail.problem.reason });
    this.validEnd = size;
    this.tail = undefined;
  }

  private addDamage(range: SegmentDamage): void {
    if (this.damaged.some((known) => known.fromByte === range.fromByte && known.movedTo === range.movedTo)) return;
    const before = this.damaged.find((known) => known.movedTo === undefined && known.toByte === range.fromByte && known.endOffset === range.firstOffset);
    if (before && range.movedTo === undefined) {
      Object.assign(before, { toByte: range.toByte, endOffset: range.endOffset });
      range = before;
    } else {
      this.damaged.push(range);
    }
    this.damaged.sort((a, b) => a.fromByte - b.fromByte);
    if (range.movedTo !== undefined) return; // repaired: only its offsets are remembered
    this.logger.error('damaged records: bytes of a segment hold no readable record; readers skip them, their offsets are never used again', {
      ...this.fields(),
      fromByte: range.fromByte,
      toByte: range.toByte,
      firstOffset: range.firstOffset,
      endOffset: range.endOffset,
      reason: range.reason,
    });
  }
}
