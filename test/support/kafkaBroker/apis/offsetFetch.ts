import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** OffsetFetch (key 9) v1: the group's committed offsets, -1 where it has none. */
export const offsetFetch: ApiHandler = {
  apiKey: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 1,
  handle(request: Reader, { broker }: RequestContext) {
    const groupId = request.string();
    const topics = request.array((t) => ({ name: t.string(), partitions: t.array((p) => p.int32()) }));
    return new Writer().array(topics, (w, { name, partitions }) =>
      w.string(name).array(partitions, (pw, partition) => {
        const committed = broker.groups.committed(groupId, name, partition);
        pw.int32(partition)
          .int64(committed?.offset ?? -1)
          .nullableString(committed?.metadata ?? '')
          .int16(ErrorCode.NONE);
      }),
    );
  },
};
