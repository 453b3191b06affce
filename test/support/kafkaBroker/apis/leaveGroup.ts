import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** LeaveGroup (key 13) v0: the member goes at once, and the others rebalance without it. */
export const leaveGroup: ApiHandler = {
  apiKey: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const groupId = request.string();
    const memberId = request.string();
    const group = broker.groups.find(groupId);
    return new Writer().int16(group ? group.leave(memberId) : ErrorCode.UNKNOWN_MEMBER_ID);
  },
};
