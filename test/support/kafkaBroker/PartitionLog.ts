import { partitionPoint } from '../../../common/index.ts';
import { withBaseOffset, type RecordBatch } from './recordBatch.ts';

interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  /** The batch as the producer sent it, with its base offset rewritten. */
  bytes: Buffer;
  /** Absolute timestamp of each record, in offset order. */
  timestamps: number[];
}

/** Where an idempotent producer's batch went, to recognise its retries. */
interface ProducerBatch {
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  baseOffset: number;
}

/** Kafka remembers this many batches per producer: idempotence allows five requests in flight. */
const REMEMBERED_BATCHES = 5;

/** A record's offset and timestamp, as ListOffsets answers them. */
export interface OffsetAndTimestamp {
  offset: number;
  timestamp: number;
}

/**
 * One partition's log, in memory: whole record batches as produced, each
 * given the next offsets. Nothing is ever deleted, so the log starts at 0.
 */
export class PartitionLog {
  readonly #batches: StoredBatch[] = [];
  readonly #producers = new Map<bigint, ProducerBatch[]>();
  #endOffset = 0;

  readonly logStartOffset = 0;

  /** The offset the next record gets (the high watermark: there are no replicas to wait for). */
  get endOffset(): number {
    return this.#endOffset;
  }

  /**
   * Stores a validated batch and returns the offset of its first record. An
   * idempotent producer's retry of a batch stored already (same producer id,
   * epoch and sequence: the response was lost, say to a dropped connection)
   * is not stored twice; it gets the offset the batch got the first time.
   */
  append(bytes: Buffer, batch: RecordBatch): number {
    const count = batch.lastOffsetDelta + 1;
    const duplicate = this.#producerBatches(batch).find(
      (b) => b.producerEpoch === batch.producerEpoch && b.baseSequence === batch.baseSequence && b.recordCount === count,
    );
    if (duplicate) return duplicate.baseOffset;
    const baseOffset = this.#endOffset;
    if (batch.producerId >= 0n) {
      const remembered = [...this.#producerBatches(batch), { producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence, recordCount: count, baseOffset }];
      this.#producers.set(batch.producerId, remembered.slice(-REMEMBERED_BATCHES));
    }
    this.#batches.push({
      baseOffset,
      lastOffset: baseOffset + count - 1,
      bytes: withBaseOffset(bytes, baseOffset),
      timestamps: batch.records.map((record) => batch.baseTimestamp + record.timestampDelta),
    });
    this.#endOffset += count;
    return baseOffset;
  }

  /**
   * Whole batches from the one holding `fetchOffset`, up to `maxBytes`. The
   * first batch is returned even when it is larger, so a consumer always
   * makes progress (KIP-74); consumers skip the records before their offset.
   */
  read(fetchOffset: number, maxBytes: number): Buffer {
    const chunks: Buffer[] = [];
    let size = 0;
    for (let i = this.#indexOf(fetchOffset); i < this.#batches.length; i++) {
      const { bytes } = this.#batches[i]!;
      if (chunks.length > 0 && size + bytes.length > maxBytes) break;
      chunks.push(bytes);
      size += bytes.length;
    }
    return Buffer.concat(chunks, size);
  }

  /** The first record whose timestamp is at least `timestamp`, if any. */
  offsetForTimestamp(timestamp: number): OffsetAndTimestamp | undefined {
    for (const batch of this.#batches) {
      const index = batch.timestamps.findIndex((t) => t >= timestamp);
      if (index >= 0) return { offset: batch.baseOffset + index, timestamp: batch.timestamps[index]! };
    }
    return undefined;
  }

  #producerBatches(batch: RecordBatch): ProducerBatch[] {
    return batch.producerId >= 0n ? (this.#producers.get(batch.producerId) ?? []) : [];
  }

  /** Index of the first batch whose last offset is at or after `offset` (binary search). */
  #indexOf(offset: number): number {
    return partitionPoint(0, this.#batches.length, (i) => this.#batches[i]!.lastOffset < offset);
  }
}
