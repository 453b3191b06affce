import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/**
 * SyncGroup (key 14) v0: the leader brings every member's assignment; the
 * others wait for it and get their own.
 */
export const syncGroup: ApiHandler = {
  apiKey: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 0,
  async handle(request: Reader, { broker }: RequestContext) {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    const assignments = new Map(request.array((a) => [a.string(), a.bytes()] as const));
    const group = broker.groups.find(groupId);
    const response = group ? await group.sync(memberId, generationId, assignments) : { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) };
    return new Writer().int16(response.errorCode).bytes(response.assignment);
  },
};
