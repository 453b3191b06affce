import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/**
 * DescribeGroups (key 15) v0: state, protocol and members of each group; a
 * group the broker does not know is "Dead", as in Kafka. kafkajs's
 * `admin.setOffsets` needs it to check that the group is not running.
 */
export const describeGroups: ApiHandler = {
  apiKey: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    const groupIds = request.array((r) => r.string());
    return new Writer().array(groupIds, (w, groupId) => {
      const group = broker.groups.find(groupId);
      w.int16(ErrorCode.NONE)
        .string(groupId)
        .string(group?.state ?? 'Dead')
        .string(group?.protocolType ?? '')
        .string(group?.protocolName ?? '')
        .array(group?.describe() ?? [], (mw, m) => mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment));
    });
  },
};
