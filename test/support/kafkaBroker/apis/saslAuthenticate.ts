import { ErrorCode } from '../protocol/errorCodes.ts';
import type { Reader } from '../protocol/Reader.ts';
import { Writer } from '../protocol/Writer.ts';
import type { ApiHandler, RequestContext } from './ApiHandler.ts';

/**
 * SaslAuthenticate (key 36) v0–v1 with PLAIN bytes (`authzid NUL user NUL
 * password`): a user of the broker's `saslUsers` with its password becomes
 * the connection's principal; anything else is SASL_AUTHENTICATION_FAILED.
 */
export const saslAuthenticate: ApiHandler = {
  apiKey: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 1,
  handle(request: Reader, { broker, session, version }: RequestContext) {
    const [, user = '', password] = request.bytes().toString('utf8').split('\0');
    const ok = broker.saslUsers !== undefined && Object.hasOwn(broker.saslUsers, user) && broker.saslUsers[user] === password;
    if (ok) session.principal = user;
    const body = new Writer()
      .int16(ok ? ErrorCode.NONE : ErrorCode.SASL_AUTHENTICATION_FAILED)
      .nullableString(ok ? null : `Authentication failed: invalid username or password for "${user}"`)
      .bytes(Buffer.alloc(0));
    return version >= 1 ? body.int64(0n) : body;
  },
};
