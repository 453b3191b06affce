import { partitionPoint } from '../../common/index.ts';

/**
 * The in-memory index of one partition: for every offset (from 0), where its
 * frame starts in the file and its timestamp. Typed arrays that double when
 * full, so 300,000 records cost about 5 MB, not 300,000 objects.
 */
export class OffsetIndex {
  private positions: Float64Array = new Float64Array(1024);
  private timestamps: Float64Array = new Float64Array(1024);
  private count = 0;

  /** The number of records, which is also the next offset. */
  get length(): number {
    return this.count;
  }

  /** The timestamp of the last record, or 0 when empty. */
  get lastTimestamp(): number {
    return this.count === 0 ? 0 : this.timestamps[this.count - 1]!;
  }

  /** Adds the next offset's frame position and timestamp. */
  push(position: number, timestamp: number): void {
    if (this.count === this.positions.length) {
      this.positions = grow(this.positions);
      this.timestamps = grow(this.timestamps);
    }
    this.positions[this.count] = position;
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  /** Where the frame of `offset` starts; `offset` must be below `length`. */
  positionOf(offset: number): number {
    if (offset < 0 || offset >= this.count) throw new RangeError(`offset ${offset} is not in the index (0..${this.count - 1})`);
    return this.positions[offset]!;
  }

  /**
   * The first offset whose timestamp is at or after `timestamp`, else `length`.
   * A binary search: the log keeps timestamps non-decreasing per partition.
   */
  firstAtOrAfter(timestamp: number): number {
    return partitionPoint(0, this.count, (offset) => this.timestamps[offset]! < timestamp);
  }
}

function grow(array: Float64Array): Float64Array {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
