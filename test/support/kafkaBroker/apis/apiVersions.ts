import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, BrokerContext, RequestContext } from './ApiHandler.ts';

/** The ApiVersions body: the error code, then every API with its version range. */
function versionsBody(broker: BrokerContext, errorCode: ErrorCode): Writer {
  return new Writer().int16(errorCode).array(broker.apis, (w, api) => w.int16(api.apiKey).int16(api.minVersion).int16(api.maxVersion));
}

/**
 * The answer to an ApiVersions request of a version this broker does not
 * speak. The protocol guide asks brokers to answer it in the v0 format with
 * UNSUPPORTED_VERSION and their ranges, so the client can retry with a
 * version both sides know.
 */
export function unsupportedApiVersionsResponse(broker: BrokerContext): Writer {
  return versionsBody(broker, ErrorCode.UNSUPPORTED_VERSION);
}

/** ApiVersions (key 18) v0–v2; v1 and later end with throttle_time_ms. */
export const apiVersions: ApiHandler = {
  apiKey: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 2,
  handle(_request: Reader, context: RequestContext) {
    const body = versionsBody(context.broker, ErrorCode.NONE);
    return context.version >= 1 ? body.int32(0) : body;
  },
};
