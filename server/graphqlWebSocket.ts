import type { IncomingMessage, Server } from 'node:http';
import { NoSchemaIntrospectionCustomRule, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { MessageType, type OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { closeWithin } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import type { Admission } from './Admission.ts';
import type { OperationLimits } from './operationLimits/index.ts';
import type { PersistedOperations } from './persistedOperations/index.ts';

/** One client's WebSocket connection, as operations see it (no socket library in sight). */
export interface WebSocketConnection {
  /** The HTTP upgrade request that opened it. */
  request: IncomingMessage;
  /** The payload of the client's `connection_init`. */
  connectionParams: Readonly<Record<string, unknown>>;
  /**
   * The writer of operation `operationId`'s results that the caller
   * serialized itself (e.g. once for many clients): each is framed as a
   * `next` message and written; `written` fires once the socket took it, or
   * failed to.
   */
  resultWriter(operationId: string): (resultJson: string, written: () => void) => void;
  /** Closes the connection with a WebSocket close code and a reason the client sees. */
  close(code: number, reason: string): void;
}

export interface GraphQLWebSocketOptions<TContext> {
  /** The HTTP server to share: WebSocket upgrades on `path`, plain requests as before. */
  server: Server;
  /** @default '/graphql' */
  path?: string;
  /** The schema operations are validated against; a function when it can change. */
  schema: GraphQLSchema | (() => GraphQLSchema);
  /** Builds the context of each operation from its connection and the operation's id on it. */
  context: (connection: WebSocketConnection, operationId: string) => TContext | Promise<TContext>;
  /** Runs queries and mutations. @default graphql-js `execute` on `schema` */
  execute?: (args: ExecutionArgs) => OperationResult;
  /** Runs subscriptions. @default graphql-js `subscribe` on `schema` */
  subscribe?: (args: ExecutionArgs) => OperationResult;
  /** Whether a connection may go on once its `connection_init` came (credentials, say); false closes it with 4403 (graphql-ws: forbidden). @default every connection may */
  authorize?: (request: IncomingMessage, connectionParams: Readonly<Record<string, unknown>>) => boolean | Promise<boolean>;
  /** Called for every operation once it started (e.g. to record who consumed what). */
  onOperation?: (args: ExecutionArgs) => void;
  logger: Logger;
  /** Error messages and details to clients, as in development. @default false */
  development?: boolean;
  /** Limits every document is held to before it is validated or run. @default none */
  limits?: OperationLimits;
  /** Decides whether an operation within the limits runs now (e.g. rate limits), told the connection's upgrade request and the operation's estimated cost; a refusal is the operation's error result. @default every operation runs */
  admit?: Admission;
  /** Finds the documents of operations sent by hash (APQ, trusted documents; the `query` empty) before the limits see them, and refuses the untrusted. @default none */
  persistedOperations?: PersistedOperations;
  /** Whether `__schema` and `__type` may be asked for. @default true */
  introspection?: boolean;
  /** Largest message a client may send, in bytes; a larger one closes its socket with 1009 (message too big). @default 1_048_576 */
  maxMessageBytes?: number;
  /**
   * Browser origins (`https://app.example.com`) allowed to open a connection
   * besides the server's own host; `*` allows any. An upgrade without an
   * `Origin` header (not a browser) is always allowed; one from another
   * origin is refused with HTTP 403 (cross-site WebSocket hijacking).
   * @default [] (the server's own host only)
   */
  allowedOrigins?: readonly string[];
  /** Open connections at most; past it an upgrade is refused with HTTP 503. @default 10_000 */
  maxConnections?: number;
  /** Time a client has to send `connection_init` after connecting; then its socket is closed with 4408. @default 3_000 */
  connectionInitWaitMs?: number;
  /** Time a connection may stay open with no operation running; then it is closed with 1000. 0 never closes it. @default 60_000 */
  idleTimeoutMs?: number;
  /** Interval of pings to each client; a client that does not answer with a pong within it is disconnected. @default 12_000 */
  keepAliveMs?: number;
}

/** A GraphQL-over-WebSocket endpoint. */
export interface GraphQLWebSocket {
  /** Open WebSocket connections. */
  connections(): number;
  /**
   * Closes every connection (code 1001, going away) and stops accepting new
   * ones. A client that has not answered the close within `CLOSE_GRACE_MS`
   * (common/) is cut off, so a silent peer cannot hold the shutdown up.
   * Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Serves GraphQL subscriptions (and queries) over WebSocket with the
 * `graphql-transport-ws` protocol, on the same port and path as HTTP.
 * Malformed and out-of-protocol messages close that socket with the
 * protocol's codes; the rest keep being served.
 */
export function attachGraphQLWebSocket<TContext extends object>(options: GraphQLWebSocketOptions<TContext>): GraphQLWebSocket {
  const { server, path = '/graphql', schema, context, execute, subscribe, authorize, onOperation, logger, development = false, limits, admit, persistedOperations, introspection = true } = options;
  const { maxMessageBytes = 1_048_576, allowedOrigins = [], maxConnections = 10_000, connectionInitWaitMs = 3_000, idleTimeoutMs = 60_000, keepAliveMs = 12_000 } = options;
  const sockets = new WebSocketServer({
    server,
    path,
    maxPayload: maxMessageBytes,
    verifyClient: ({ req }, accept) => {
      const refusal = upgradeRefusal(req, allowedOrigins, sockets.clients.size, maxConnections);
      if (!refusal) return accept(true);
      logger.warn('WebSocket upgrade refused', { status: refusal.status, origin: req.headers.origin, reason: refusal.message });
      accept(false, refusal.status, refusal.message, refusal.status === 503 ? { 'retry-after': '1' } : {});
    },
  });
  const idle = watchIdleConnections(idleTimeoutMs);
  // One connection object per socket, so what counts per connection (limits) sees the same one.
  const connections = new WeakMap<object, WebSocketConnection>();
  const disposable = useServer(
    {
      schema: typeof schema === 'function' ? () => schema() : schema,
      execute,
      subscribe,
      isProd: !development,
      // Before graphql-ws parses and validates: validation alone takes time that grows faster than the document on some crafted ones.
      onSubscribe: (ctx, _id, payload) => {
        if (persistedOperations) {
          const resolved = persistedOperations.resolve(payload);
          if (resolved.refusal) return [resolved.refusal.error];
          // graphql-ws parses this same payload's query once the hook returns nothing.
          if (resolved.query !== undefined) (payload as { query: string }).query = resolved.query;
        }
        const assessment = limits?.assess(payload.query, payload.variables);
        if (assessment?.refusal) return [assessment.refusal];
        const refusal = admit?.(ctx.extra.request, { operations: 1, estimatedCost: assessment?.estimatedCost ?? 0 });
        return refusal ? [refusal.error] : undefined;
      },
      validate: introspection ? undefined : (schema, document) => validate(schema, document, [...specifiedRules, NoSchemaIntrospectionCustomRule]),
      connectionInitWaitTimeout: connectionInitWaitMs,
      onConnect: async (ctx) => {
        if (authorize && !(await authorize(ctx.extra.request, ctx.connectionParams ?? {}))) return false;
        idle.watch(ctx.extra.socket, ctx.subscriptions);
      },
      context: (ctx, id) => {
        const { socket, request } = ctx.extra;
        let connection = connections.get(socket);
        if (!connection) {
          connection = {
            request,
            connectionParams: ctx.connectionParams ?? {},
            resultWriter: (operationId) => {
              // The payload goes in as serialized; the rest of the frame is built once per operation.
              const head = `{"id":${JSON.stringify(operationId)},"type":"${MessageType.Next}","payload":`;
              return (resultJson, written) => socket.send(`${head}${resultJson}}`, () => written());
            },
            close: (code, reason) => socket.close(code, reason),
          };
          connections.set(socket, connection);
        }
        return context(connection, id);
      },
      onOperation: (_ctx, _id, _payload, args) => {
        onOperation?.(args);
      },
      onError: (ctx, id, _payload, errors) => {
        // A client that went away mid-send is not an error of the operation: thousands leaving at once would flood the log.
        const gone = ctx.extra.socket.readyState !== WebSocket.OPEN;
        logger[gone ? 'debug' : 'warn']('subscription error', { id, errors: errors.map((e) => e.message).join('; ') });
      },
    },
    sockets,
    keepAliveMs,
  );
  // `ws` has already closed the socket with the right code (1009 for a message over `maxMessageBytes`) when it
  // emits an error; graphql-ws's own listener would print it to the console, which a client must not be able to flood.
  sockets.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error) => logger.warn('WebSocket closed on a protocol error', { reason: error.message }));
  });
  let closing: Promise<void> | undefined;
  return {
    connections: () => sockets.clients.size,
    close() {
      // Idempotent: a second close waits for the first (`ws` refuses to close a closed server).
      closing ??= (async () => {
        idle.stop();
        await closeWithin(disposable.dispose(), () => {
          for (const socket of sockets.clients) socket.terminate();
        });
      })();
      return closing;
    },
  };
}

/** Why an upgrade request is refused, as an HTTP status and a message that says what to do; undefined when it may connect. */
function upgradeRefusal(request: IncomingMessage, allowedOrigins: readonly string[], open: number, maxConnections: number): { status: number; message: string } | undefined {
  const { origin, host } = request.headers;
  if (origin !== undefined && !allowedOrigins.includes('*') && !allowedOrigins.includes(origin) && originHost(origin) !== host) {
    return { status: 403, message: `Origin "${origin}" may not open a WebSocket here: only this server's own pages and the allowed origins may. Ask the operator to allow it.` };
  }
  if (open >= maxConnections) {
    return { status: 503, message: `This server holds as many WebSocket connections as it may (${maxConnections}). Retry shortly, or on another instance.` };
  }
  return undefined;
}

/** The `host[:port]` of an `Origin` header, or undefined when it is not a URL (`null`, say). */
function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Closes connections that run no operation for `idleTimeoutMs`: a client
 * that connects and then holds the socket without subscribing costs the
 * server a socket and its buffers for nothing.
 */
function watchIdleConnections(idleTimeoutMs: number) {
  const watched = new Map<WebSocket, { operations: Readonly<Record<string, unknown>>; busyAt: number }>();
  const sweep = () => {
    const now = performance.now();
    for (const [socket, state] of watched) {
      if (Object.keys(state.operations).length > 0) state.busyAt = now;
      else if (now - state.busyAt >= idleTimeoutMs) {
        watched.delete(socket);
        socket.close(1000, `Idle: no operation for ${idleTimeoutMs} ms. Reconnect when you subscribe.`);
      }
    }
  };
  const timer = idleTimeoutMs > 0 ? setInterval(sweep, Math.max(10, Math.min(1_000, idleTimeoutMs / 4))).unref() : undefined;
  return {
    /** Watches a connection whose running operations are `operations` (graphql-ws keeps them by id). */
    watch(socket: WebSocket, operations: Readonly<Record<string, unknown>>) {
      if (!timer) return;
      watched.set(socket, { operations, busyAt: performance.now() });
      socket.once('close', () => watched.delete(socket));
    },
    stop: () => clearInterval(timer),
  };
}
