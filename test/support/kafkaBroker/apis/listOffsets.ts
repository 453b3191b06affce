import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { PartitionLog } from '../PartitionLog.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

const LATEST = -1;
const EARLIEST = -2;

/** The offset (and the timestamp of its record, or -1) a ListOffsets timestamp asks for. */
function lookUp(log: PartitionLog, timestamp: number): { timestamp: number; offset: number } {
  if (timestamp === LATEST) return { timestamp: -1, offset: log.endOffset };
  if (timestamp === EARLIEST) return { timestamp: -1, offset: log.logStartOffset };
  // Kafka answers -1 when no record is that recent; the end offset means the same to a consumer.
  return log.offsetForTimestamp(timestamp) ?? { timestamp: -1, offset: log.endOffset };
}

/**
 * ListOffsets (key 2) v1: one offset per partition (v0 returned a list), for
 * the earliest (-2), the latest (-1), or the first record whose timestamp is
 * at least the one asked for.
 */
export const listOffsets: ApiHandler = {
  apiKey: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 1,
  handle(request: Reader, { broker }: RequestContext) {
    request.int32(); // replica_id
    const topics = request.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), timestamp: p.int64Number() })),
    }));
    return new Writer().array(topics, (w, { name, partitions }) =>
      w.string(name).array(partitions, (pw, { partition, timestamp }) => {
        const log = broker.store.partition(name, partition);
        if (!log) return void pw.int32(partition).int16(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION).int64(-1).int64(-1);
        const found = lookUp(log, timestamp);
        pw.int32(partition).int16(ErrorCode.NONE).int64(found.timestamp).int64(found.offset);
      }),
    );
  },
};
