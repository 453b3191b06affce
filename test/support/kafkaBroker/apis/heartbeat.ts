import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** Heartbeat (key 12) v0: keeps the member's session, and tells it when the group rebalances. */
export const heartbeat: ApiHandler = {
  apiKey: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    const group = broker.groups.find(groupId);
    return new Writer().int16(group ? group.heartbeat(memberId, generationId) : ErrorCode.UNKNOWN_MEMBER_ID);
  },
};
