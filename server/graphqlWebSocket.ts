import type { IncomingMessage, Server } from 'node:http';
import type { ExecutionArgs, GraphQLSchema } from 'graphql';
import { MessageType, type OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger/index.ts';

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
  /** Called for every operation once it started (e.g. to record who consumed what). */
  onOperation?: (args: ExecutionArgs) => void;
  logger: Logger;
  /** Error messages and details to clients, as in development. @default false */
  development?: boolean;
}

/** A GraphQL-over-WebSocket endpoint. */
export interface GraphQLWebSocket {
  /** Open WebSocket connections. */
  connections(): number;
  /** Closes every connection (code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * Serves GraphQL subscriptions (and queries) over WebSocket with the
 * `graphql-transport-ws` protocol, on the same port and path as HTTP.
 * Malformed and out-of-protocol messages close that socket with the
 * protocol's codes; the rest keep being served.
 */
export function attachGraphQLWebSocket<TContext extends object>(options: GraphQLWebSocketOptions<TContext>): GraphQLWebSocket {
  const { server, path = '/graphql', schema, context, execute, subscribe, onOperation, logger, development = false } = options;
  const sockets = new WebSocketServer({ server, path });
  // One connection object per socket, so what counts per connection (limits) sees the same one.
  const connections = new WeakMap<object, WebSocketConnection>();
  const disposable = useServer(
    {
      schema: typeof schema === 'function' ? () => schema() : schema,
      execute,
      subscribe,
      isProd: !development,
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
  );
  return {
    connections: () => sockets.clients.size,
    async close() {
      await disposable.dispose();
    },
  };
}
