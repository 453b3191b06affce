import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import { decodeRecordBatch, RecordBatchError, splitRecordBatches, type RecordBatch } from '../recordBatch.ts';
import type { TopicStore } from '../TopicStore.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

interface PartitionResult {
  partition: number;
  errorCode: ErrorCode;
  baseOffset: number;
}

/**
 * Validates a partition's record set as a whole, then appends its batches.
 * One bad batch (bad CRC, unsupported codec, undecodable records) rejects the
 * whole set, so a retried request never duplicates half of it.
 */
function appendRecordSet(store: TopicStore, topic: string, partition: number, recordSet: Buffer | null): PartitionResult {
  const log = store.partition(topic, partition);
  if (!log) return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, baseOffset: -1 };
  let batches: { bytes: Buffer; batch: RecordBatch }[];
  try {
    const parts = splitRecordBatches(recordSet ?? Buffer.alloc(0));
    if (parts.length === 0) return { partition, errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1 };
    batches = parts.map((bytes) => ({ bytes, batch: decodeRecordBatch(bytes) }));
  } catch (error) {
    if (error instanceof RecordBatchError) return { partition, errorCode: error.errorCode, baseOffset: -1 };
    throw error;
  }
  const offsets = batches.map(({ bytes, batch }) => store.append(log, bytes, batch));
  return { partition, errorCode: ErrorCode.NONE, baseOffset: offsets[0]! };
}

/**
 * Produce (key 0) v3, the first version that carries record batches v2
 * (magic 2) and transactional_id. Producer id, epoch and sequence stay in
 * the stored batches as sent; the log only uses them to store a retried batch
 * once (see PartitionLog.append). acks 1 and -1 mean the same on a single
 * node; acks 0 gets no response at all.
 */
export const produce: ApiHandler = {
  apiKey: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 3,
  handle(request: Reader, { broker }: RequestContext) {
    request.nullableString(); // transactional_id
    const acks = request.int16();
    request.int32(); // timeout_ms: appends are immediate
    const topics = request.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), records: p.nullableBytes() })),
    }));
    const results = topics.map(({ name, partitions }) => ({
      name,
      partitions: partitions.map(({ partition, records }) => appendRecordSet(broker.store, name, partition, records)),
    }));
    if (acks === 0) return null;
    return new Writer()
      .array(results, (w, { name, partitions }) =>
        w.string(name).array(partitions, (pw, p) => pw.int32(p.partition).int16(p.errorCode).int64(p.baseOffset).int64(-1)),
      )
      .int32(0); // throttle_time_ms
  },
};
