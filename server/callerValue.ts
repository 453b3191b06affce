import type { IncomingMessage } from 'node:http';

/** The header naming the calling application, on HTTP and in a WebSocket's `connection_init`. */
export const CLIENT_NAME = 'apollographql-client-name';

/**
 * What a caller says about itself (its client name, its credentials): from the
 * WebSocket's `connection_init` payload when there is one (browsers cannot set
 * headers on a WebSocket), else from the request's header of that name.
 */
export function callerValue(request: IncomingMessage, name: string, connectionParams: Readonly<Record<string, unknown>> = {}): string | undefined {
  const param = connectionParams[name];
  if (typeof param === 'string') return param;
  const header = request.headers[name];
  return typeof header === 'string' ? header : undefined;
}
