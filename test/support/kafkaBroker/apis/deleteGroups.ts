import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** DeleteGroups (key 42) v0: drops groups without members, with their committed offsets. */
export const deleteGroups: ApiHandler = {
  apiKey: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const groupIds = request.array((r) => r.string());
    return new Writer()
      .int32(0) // throttle_time_ms
      .array(groupIds, (w, groupId) => w.string(groupId).int16(broker.groups.delete(groupId)));
  },
};
