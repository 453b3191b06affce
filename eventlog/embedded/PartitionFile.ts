import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { partitionPoint } from '../../common/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { LogRecord } from '../EventLog.ts';
import { readFully, writeFully } from '../../storage/durableFiles.ts';
import { OffsetIndex } from './OffsetIndex.ts';
import { checkFrame, decodeFrame, writeFrame, type EncodedRecord } from './recordCodec.ts';
import { scanFrames, type ScanResult } from './scanFrames.ts';

/** Records framed for one partition, written but not yet visible to readers. */
export interface PreparedWrite {
  buffer: Buffer;
  firstOffset: number;
  timestamp: number;
  frameBytes: number[];
}

/**
 * One partition's append-only file and its in-memory index. Appending is
 * three steps so a topic can sync several partitions together: `prepare`
 * frames records at the next offsets, `write` writes and fdatasyncs them,
 * `publish` makes them readable. The index only ever holds whole, valid
 * frames; bytes after them (a tail) are either still being written by
 * another process or left by a crash, and only the appending process, which
 * holds the topic's lock, may `truncateTail`.
 */
export class PartitionFile {
  private readonly index = new OffsetIndex();
  /** Position after the last indexed frame. */
  private validEnd = 0;
  private tail: { bytes: number; problem: NonNullable<ScanResult['problem']> } | undefined;
  private broken: Error | undefined;
  private warnedShrink = false;

  private constructor(
    readonly path: string,
    readonly topic: string,
    readonly partition: number,
    private readonly handle: FileHandle,
    private readonly logger: Logger,
  ) {}

  /** Opens (creating if missing) and indexes the file; a damaged tail is kept until `truncateTail`. */
  static async open(options: { path: string; topic: string; partition: number; logger: Logger }): Promise<PartitionFile> {
    const handle = await open(options.path, constants.O_RDWR | constants.O_CREAT, 0o644);
    const file = new PartitionFile(options.path, options.topic, options.partition, handle, options.logger);
    try {
      await file.refresh();
    } catch (error) {
      await handle.close();
      throw error;
    }
    return file;
  }

  /** The next offset: the number of records. */
  get endOffset(): number {
    return this.index.length;
  }

  /** Bytes after the last valid frame, as of the last scan. */
  get tailBytes(): number {
    return this.tail?.bytes ?? 0;
  }

  /** Indexes frames appended to the file since the last scan (by another process); returns how many. */
  async refresh(): Promise<number> {
    const { size } = await this.handle.stat();
    if (size < this.validEnd) {
      if (!this.warnedShrink) this.logger.warn('partition file is shorter than the records already read', this.fields({ size }));
      this.warnedShrink = true;
      return 0;
    }
    if (size === this.validEnd) {
      this.tail = undefined;
      return 0;
    }
    const before = this.index.length;
    const result = await scanFrames(this.handle, this.validEnd, size, before, (position, _offset, timestamp) =>
      this.index.push(position, timestamp),
    );
    this.validEnd = result.end;
    this.tail = result.problem && { bytes: size - result.end, problem: result.problem };
    return this.index.length - before;
  }

  /** Cuts off the bytes after the last valid frame, saying so; only for the process holding the append lock. */
  async truncateTail(): Promise<void> {
    const { size } = await this.handle.stat();
    if (size <= this.validEnd) return;
    this.logger.warn('truncated a torn or damaged tail of a partition file', {
      ...this.fields({ position: this.validEnd, droppedBytes: size - this.validEnd }),
      reason: this.tail?.problem.reason,
      nextOffset: this.endOffset,
    });
    await this.handle.truncate(this.validEnd);
    await this.handle.datasync();
    this.tail = undefined;
  }

  /** Frames `records` at the next offsets with one timestamp, never before the previous one. */
  prepare(records: readonly EncodedRecord[], now: number): PreparedWrite {
    if (this.broken) throw this.broken;
    let bytes = 0;
    for (const record of records) bytes += record.frameBytes;
    const buffer = Buffer.allocUnsafe(bytes);
    const firstOffset = this.index.length;
    const timestamp = Math.max(now, this.index.lastTimestamp);
    let at = 0;
    records.forEach((record, i) => (at = writeFrame(buffer, at, record, firstOffset + i, timestamp)));
    return { buffer, firstOffset, timestamp, frameBytes: records.map((record) => record.frameBytes) };
  }

  /**
   * Writes prepared frames after the last one and fdatasyncs them. On failure
   * the partition refuses further appends: after a failed fsync the kernel's
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
    for (const bytes of prepared.frameBytes) {
      this.index.push(position, prepared.timestamp);
      position += bytes;
    }
    this.validEnd = position;
  }

  /** The first offset appended at or after `timestamp`, or the end offset. */
  offsetForTimestamp(timestamp: number): number {
    return this.index.firstAtOrAfter(timestamp);
  }

  /** Up to `maxRecords` records from `offset`, at most `maxBytes` of frames unless the first alone is bigger. */
  async readBatch(offset: number, maxRecords: number, maxBytes: number): Promise<LogRecord[]> {
    const last = Math.min(this.index.length, offset + maxRecords);
    if (offset >= last) return [];
    const start = this.index.positionOf(offset);
    const endOf = (next: number) => (next < this.index.length ? this.index.positionOf(next) : this.validEnd);
    // The batch ends where its frames would pass maxBytes, but holds the first record whatever its size.
    const end = partitionPoint(offset + 2, last + 1, (next) => endOf(next) - start <= maxBytes) - 1;
    const length = endOf(end) - start;
    const buffer = Buffer.allocUnsafe(length);
    if ((await readFully(this.handle, buffer, start)) < length) throw new Error(`${this.path} ended before offset ${end - 1}`);
    const records: LogRecord[] = [];
    for (let at = 0; at < length; ) {
      const check = checkFrame(buffer, at, length);
      if (check.status !== 'ok') throw new Error(`damaged record at byte ${start + at} of ${this.path}: ${check.reason}`);
      const { offset: recordOffset, timestamp, key, headers, value } = decodeFrame(buffer, at);
      records.push({ topic: this.topic, partition: this.partition, offset: recordOffset, key, value, headers, timestamp });
      at += check.frameBytes;
    }
    return records;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private fields(extra: Record<string, number>) {
    return { topic: this.topic, partition: this.partition, file: this.path, ...extra };
  }
}
