import { partitionPoint } from '../../common/index.ts';

/**
 * The in-memory index of one segment: for every readable record, its offset,
 * where its frame starts in the segment file and its timestamp, in offset
 * order. Offsets may skip (records lost to damage, or removed by compaction).
 * Typed arrays that double when full, so 300,000 records cost about 7 MB, not
 * 300,000 objects.
 */
export class OffsetIndex {
  private offsets: Float64Array;
  private positions: Float64Array;
  private timestamps: Float64Array;
  private count = 0;

  constructor(capacity = 1024) {
    this.offsets = new Float64Array(Math.max(capacity, 16));
    this.positions = new Float64Array(this.offsets.length);
    this.timestamps = new Float64Array(this.offsets.length);
  }

  /** The number of entries. */
  get length(): number {
    return this.count;
  }

  /** The offset of the last entry, or -1 when empty. */
  get lastOffset(): number {
    return this.count === 0 ? -1 : this.offsets[this.count - 1]!;
  }

  /** The timestamp of the last entry, or 0 when empty. */
  get lastTimestamp(): number {
    return this.count === 0 ? 0 : this.timestamps[this.count - 1]!;
  }

  /** Adds an entry after the last one; its offset must be higher. */
  push(offset: number, position: number, timestamp: number): void {
    if (this.count === this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.positions = grow(this.positions);
      this.timestamps = grow(this.timestamps);
    }
    this.offsets[this.count] = offset;
    this.positions[this.count] = position;
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  offsetAt(entry: number): number {
    return this.offsets[entry]!;
  }

  positionAt(entry: number): number {
    return this.positions[entry]!;
  }

  /** The first entry whose offset is at or after `offset`, else `length`. */
  entryAtOrAfter(offset: number): number {
    return partitionPoint(0, this.count, (entry) => this.offsets[entry]! < offset);
  }

  /**
   * The first entry whose timestamp is at or after `timestamp`, else `length`.
   * A binary search: the log keeps timestamps non-decreasing per partition.
   */
  entryAtOrAfterTime(timestamp: number): number {
    return partitionPoint(0, this.count, (entry) => this.timestamps[entry]! < timestamp);
  }

  /** The entries as bytes (offsets, positions, timestamps; little-endian doubles), for an index file. */
  toBuffer(): Buffer {
    const buffer = Buffer.allocUnsafe(this.count * 24);
    for (const [i, array] of [this.offsets, this.positions, this.timestamps].entries()) {
      for (let entry = 0; entry < this.count; entry++) buffer.writeDoubleLE(array[entry]!, (i * this.count + entry) * 8);
    }
    return buffer;
  }

  /** The index `toBuffer` wrote for `count` entries. */
  static fromBuffer(buffer: Buffer, count: number): OffsetIndex {
    const index = new OffsetIndex(count);
    for (const [i, array] of [index.offsets, index.positions, index.timestamps].entries()) {
      for (let entry = 0; entry < count; entry++) array[entry] = buffer.readDoubleLE((i * count + entry) * 8);
    }
    index.count = count;
    return index;
  }
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
