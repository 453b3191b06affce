import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { TopicStore } from '../TopicStore.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topics: { name: string; partitions: { partition: number; fetchOffset: number; maxBytes: number }[] }[];
}

interface PartitionData {
  partition: number;
  errorCode: ErrorCode;
  highWatermark: number;
  records: Buffer;
}

function readRequest(r: Reader): FetchRequest {
  r.int32(); // replica_id: always a consumer here
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = r.int32();
  r.int8(); // isolation_level: without transactions, every record is committed
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({ partition: p.int32(), fetchOffset: p.int64Number(), maxBytes: p.int32() })),
  }));
  return { maxWaitMs, minBytes, maxBytes, topics };
}

/** What the log holds now for every requested partition, within the byte limits. */
function collect(store: TopicStore, request: FetchRequest) {
  let budget = request.maxBytes;
  let bytes = 0;
  let failed = false;
  const topics = request.topics.map(({ name, partitions }) => ({
    name,
    partitions: partitions.map(({ partition, fetchOffset, maxBytes }): PartitionData => {
      const log = store.partition(name, partition);
      if (!log) {
        failed = true;
        return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, records: Buffer.alloc(0) };
      }
      const highWatermark = log.endOffset;
      if (fetchOffset < log.logStartOffset || fetchOffset > highWatermark) {
        failed = true;
        return { partition, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark, records: Buffer.alloc(0) };
      }
      // Only the response's first batch may exceed the limits (KIP-74).
      const records = bytes > 0 && budget <= 0 ? Buffer.alloc(0) : log.read(fetchOffset, Math.min(maxBytes, budget));
      budget -= records.length;
      bytes += records.length;
      return { partition, errorCode: ErrorCode.NONE, highWatermark, records };
    }),
  }));
  return { topics, bytes, failed };
}

/**
 * Fetch (key 1) v4, the first version that returns record batches v2. A fetch
 * that finds fewer than min_bytes waits for appends until max_wait_ms (long
 * polling, which is what makes a caught-up consumer see new records at once);
 * errors are answered without waiting. The high watermark and the last stable
 * offset are both the log end: one replica, no open transactions.
 */
export const fetch: ApiHandler = {
  apiKey: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 4,
  async handle(request: Reader, { broker, signal }: RequestContext) {
    const fetchRequest = readRequest(request);
    const deadline = Date.now() + fetchRequest.maxWaitMs;
    let result = collect(broker.store, fetchRequest);
    while (!result.failed && result.bytes < fetchRequest.minBytes && Date.now() < deadline && !signal.aborted) {
      await broker.store.waitForAppend(deadline - Date.now(), signal);
      result = collect(broker.store, fetchRequest);
    }
    return new Writer()
      .int32(0) // throttle_time_ms
      .array(result.topics, (w, { name, partitions }) =>
        w.string(name).array(partitions, (pw, p) =>
          pw
            .int32(p.partition)
            .int16(p.errorCode)
            .int64(p.highWatermark)
            .int64(p.highWatermark) // last_stable_offset
            .array([], () => {}) // aborted_transactions
            .bytes(p.records),
        ),
      );
  },
};
