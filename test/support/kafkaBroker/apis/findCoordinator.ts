import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** FindCoordinator (key 10) v0: this node coordinates every group. */
export const findCoordinator: ApiHandler = {
  apiKey: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    request.string(); // group_id
    return new Writer().int16(ErrorCode.NONE).int32(broker.nodeId).string(broker.host).int32(broker.port);
  },
};
