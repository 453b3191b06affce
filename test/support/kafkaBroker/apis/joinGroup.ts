import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import { joinFailure, type JoinResponse } from '../ConsumerGroup.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

function write(response: JoinResponse): Writer {
  return new Writer()
    .int16(response.errorCode)
    .int32(response.generationId)
    .string(response.protocolName)
    .string(response.leaderId)
    .string(response.memberId)
    .array(response.members, (w, m) => w.string(m.memberId).bytes(m.metadata));
}

/**
 * JoinGroup (key 11) v1, the first with rebalance_timeout_ms and the last
 * before KIP-394's MEMBER_ID_REQUIRED round trip. The answer waits until the
 * group's rebalance completes (see ConsumerGroup).
 */
export const joinGroup: ApiHandler = {
  apiKey: 11,
  name: 'JoinGroup',
  minVersion: 1,
  maxVersion: 1,
  async handle(request: Reader, { broker, clientId, clientHost }: RequestContext) {
    const groupId = request.string();
    const sessionTimeoutMs = request.int32();
    const rebalanceTimeoutMs = request.int32();
    const memberId = request.string();
    const protocolType = request.string();
    const protocols = request.array((p) => ({ name: p.string(), metadata: p.bytes() }));
    if (groupId === '') return write(joinFailure(ErrorCode.INVALID_GROUP_ID, memberId));
    const group = broker.groups.group(groupId);
    return write(await group.join({ memberId, clientId, clientHost, sessionTimeoutMs, rebalanceTimeoutMs, protocolType, protocols }));
  },
};
