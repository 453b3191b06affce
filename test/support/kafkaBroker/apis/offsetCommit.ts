import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/**
 * OffsetCommit (key 8) v2. A member commits within its generation; a commit
 * with generation -1 and no member id (kafkajs admin, manual assignment) is
 * accepted while the group has no members. retention_time_ms is ignored:
 * offsets live as long as the broker.
 */
export const offsetCommit: ApiHandler = {
  apiKey: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 2,
  handle(request: Reader, { broker }: RequestContext) {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    request.int64(); // retention_time_ms
    const topics = request.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => ({ partition: p.int32(), offset: p.int64Number(), metadata: p.nullableString() })),
    }));
    const groupError = groupId === '' ? ErrorCode.INVALID_GROUP_ID : broker.groups.group(groupId).checkCommit(memberId, generationId);
    return new Writer().array(topics, (w, { name, partitions }) =>
      w.string(name).array(partitions, (pw, { partition, offset, metadata }) => {
        let errorCode: ErrorCode = groupError;
        if (errorCode === ErrorCode.NONE && !broker.store.partition(name, partition)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        if (errorCode === ErrorCode.NONE) broker.groups.commit(groupId, name, partition, { offset, metadata });
        pw.int32(partition).int16(errorCode);
      }),
    );
  },
};
