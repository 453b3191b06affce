import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../logger/index.ts';
import { callerValue, ErrorCode, sendGraphQLError, type RouteHandler } from '../../server/index.ts';
import type { Consumer } from '../Consumer.ts';
import type { Authenticator } from '../Governance.ts';
import { AuthenticationError } from './AuthenticationError.ts';
import { setRequestConsumer } from './requestConsumer.ts';

/** Options of `createCallerGuard`. */
export interface CallerGuardOptions {
  authenticator: Authenticator;
  /** Where refused credentials are told, with the reason (warn). */
  logger: Logger;
  /**
   * Who may call at all: undefined lets the caller in, a message (what is
   * accepted) refuses it: 401 when it sent no credentials, 403 when it is a
   * consumer. @default everyone, anonymous callers included
   */
  authorize?: (consumer: Consumer | undefined) => string | undefined;
}

/** Authenticates callers of a GraphQL endpoint over HTTP and WebSocket, before anything else reads their request. */
export interface CallerGuard {
  /** `handler` behind authentication: bad credentials get 401 `UNAUTHENTICATED`, a refused caller 401 or 403 `FORBIDDEN`; the rest reach it with `requestConsumer(request)` set. */
  http(handler: RouteHandler): RouteHandler;
  /** Whether a WebSocket connection may go on after `connection_init` (its `authorization` param, else the upgrade's header); false closes it with 4403. Sets `requestConsumer` of the upgrade request. */
  webSocket(request: IncomingMessage, connectionParams: Readonly<Record<string, unknown>>): Promise<boolean>;
}

/** What went wrong with a caller, as the caller is to be told. */
type Refusal = { status: 401 | 403; code: string; message: string };

/**
 * Guards an endpoint with an `Authenticator`. The caller learns what to send,
 * never why its credentials failed: that goes to the log.
 */
export function createCallerGuard({ authenticator, logger, authorize = () => undefined }: CallerGuardOptions): CallerGuard {
  /** The caller's consumer, or why it may not call. */
  const admit = async (credentials: string | undefined, transport: 'http' | 'websocket'): Promise<{ consumer: Consumer | undefined } | Refusal> => {
    let consumer: Consumer | undefined;
    try {
      consumer = await authenticator.authenticate(credentials);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      logger.warn('credentials refused', { transport, reason: error.reason });
      return { status: 401, code: ErrorCode.UNAUTHENTICATED, message: error.message };
    }
    const refused = authorize(consumer);
    if (refused === undefined) return { consumer };
    logger.warn('caller refused', { transport, consumer: consumer?.id ?? 'anonymous' });
    return consumer ? { status: 403, code: ErrorCode.FORBIDDEN, message: refused } : { status: 401, code: ErrorCode.UNAUTHENTICATED, message: refused };
  };

  return {
    http: (handler) => async (request, response, url) => {
      const admitted = await admit(callerValue(request, 'authorization'), 'http');
      if ('status' in admitted) {
        // RFC 9110 §11.6.1: a 401 says which scheme would do.
        if (admitted.status === 401) response.setHeader('www-authenticate', 'Bearer');
        sendGraphQLError(response, admitted.status, admitted.code, admitted.message);
        return;
      }
      setRequestConsumer(request, admitted.consumer);
      return handler(request, response, url);
    },
    async webSocket(request, connectionParams) {
      const admitted = await admit(callerValue(request, 'authorization', connectionParams), 'websocket');
      if ('status' in admitted) return false;
      setRequestConsumer(request, admitted.consumer);
      return true;
    },
  };
}
