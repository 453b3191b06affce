import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/**
 * InitProducerId (key 22) v0: hands out a fresh producer id with epoch 0, which
 * is all an idempotent producer needs. Transactions are not implemented, so a
 * transactional id gets an id too but nothing else.
 */
export const initProducerId: ApiHandler = {
  apiKey: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 0,
  handle(request: Reader, { broker }: RequestContext) {
    request.nullableString(); // transactional_id
    request.int32(); // transaction_timeout_ms
    return new Writer()
      .int32(0) // throttle_time_ms
      .int16(ErrorCode.NONE)
      .int64(broker.nextProducerId())
      .int16(0);
  },
};
