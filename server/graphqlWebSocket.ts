import type { IncomingMessage, Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from '../log/index.ts';

export interface GraphQLWebSocketOptions<TContext> {
  /** The HTTP server to share: WebSocket upgrades on `path`, plain requests as before. */
  server: Server;
  /** @default '/graphql' */
  path?: string;
  schema: GraphQLSchema;
  /** Builds the context of each operation from the upgrade request. */
  context: (request: IncomingMessage) => TContext | Promise<TContext>;
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
  const { server, path = '/graphql', schema, context, logger, development = false } = options;
  const sockets = new WebSocketServer({ server, path });
  const disposable = useServer(
    {
      schema,
      isProd: !development,
      context: (ctx) => context(ctx.extra.request),
      onError: (_ctx, id, _payload, errors) => {
        logger.warn('subscription error', { id, errors: errors.map((e) => e.message).join('; ') });
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
