import { unsupportedApiVersionsResponse, type BrokerContext } from './apis/index.ts';
import { Reader } from './protocol/Reader.ts';
import { readRequestHeader } from './protocol/requestHeader.ts';
import { Writer } from './protocol/Writer.ts';

const API_VERSIONS_KEY = 18;

/** A request the broker will not answer: the connection that sent it is closed. */
export class UnsupportedRequestError extends Error {
  override name = 'UnsupportedRequestError';
}

/** What a connection tells the dispatcher about itself. */
export interface ConnectionInfo {
  clientHost: string;
  signal: AbortSignal;
  /** Who the connection authenticated as (SASL), for the connection's lifetime. */
  session: { principal?: string };
}

/** What a connection may ask before it has authenticated, on a broker that requires SASL. */
const BEFORE_AUTHENTICATION = new Set([API_VERSIONS_KEY, 17, 36]);

/**
 * Answers one request frame (without its size prefix): the whole response
 * frame, or `null` when the request gets no response. An unknown API key or
 * version throws, except for ApiVersions, which the protocol guide has
 * brokers answer in the v0 format with UNSUPPORTED_VERSION so clients can
 * fall back; other responses have no format to say so in.
 */
export async function dispatch(frame: Buffer, connection: ConnectionInfo, broker: BrokerContext): Promise<Buffer | null> {
  const reader = new Reader(frame);
  const header = readRequestHeader(reader);
  if (broker.saslUsers && connection.session.principal === undefined && !BEFORE_AUTHENTICATION.has(header.apiKey)) {
    // As Kafka does: a request before authentication ends the connection.
    throw new UnsupportedRequestError(`api key ${header.apiKey} before SASL authentication`);
  }
  const api = broker.apis.find((candidate) => candidate.apiKey === header.apiKey);
  let body: Writer | null;
  if (api && header.apiVersion >= api.minVersion && header.apiVersion <= api.maxVersion) {
    body = await api.handle(reader, { version: header.apiVersion, clientId: header.clientId, ...connection, broker });
  } else if (header.apiKey === API_VERSIONS_KEY) {
    body = unsupportedApiVersionsResponse(broker);
  } else {
    throw new UnsupportedRequestError(`api key ${header.apiKey} version ${header.apiVersion} is not supported`);
  }
  if (body === null) return null;
  // Response header v0: the correlation id only.
  return new Writer()
    .int32(4 + body.size)
    .int32(header.correlationId)
    .raw(body.toBuffer())
    .toBuffer();
}
