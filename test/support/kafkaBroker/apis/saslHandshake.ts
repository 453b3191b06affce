import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/** SaslHandshake (key 17) v0–v1: the client names its mechanism; this broker speaks PLAIN only. */
export const saslHandshake: ApiHandler = {
  apiKey: 17,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  handle(request: Reader, _context: RequestContext) {
    const mechanism = request.string();
    return new Writer().int16(mechanism === 'PLAIN' ? ErrorCode.NONE : ErrorCode.UNSUPPORTED_SASL_MECHANISM).array(['PLAIN'], (w, name) => w.string(name));
  },
};
