import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/index.ts';
import type { Logger } from '../logger/index.ts';
import { attachGraphQLWebSocket, callerValue, CLIENT_NAME, type GraphQLWebSocket, type WebSocketConnection } from '../server/index.ts';
import { documentDepth } from './depthLimitPlugin.ts';
import { executeWithApollo } from './executeWithApollo.ts';
import type { Serving } from './startServing.ts';
import type { SubscriptionContext } from './subscriptions/index.ts';

export interface GatewayWebSocketOptions {
  /** The gateway's HTTP server: upgrades on `/graphql`. */
  server: Server;
  /** What runs the operations. */
  serving: Pick<Serving, 'apollo' | 'subscriptions'>;
  /** Deepest subscription accepted (queries are checked by Apollo's plugin). */
  maxDepth: number;
  /** Error messages and details to clients. */
  development: boolean;
  logger: Logger;
}

/** What a client's WebSocket connection tells about it: its name and credentials, from the upgrade request or `connection_init`. */
function subscriptionContext(connection: WebSocketConnection, operationId: string): SubscriptionContext {
  const { request, connectionParams } = connection;
  return {
    clientName: callerValue(request, CLIENT_NAME, connectionParams),
    authorization: callerValue(request, 'authorization', connectionParams),
    connection,
    operationId,
  };
}

/**
 * Serves the gateway's graphql-transport-ws endpoint: subscriptions through
 * the subscription engine (deeper than `maxDepth` refused), queries and
 * mutations through Apollo Server as over HTTP.
 */
export function attachGatewayWebSocket({ server, serving, maxDepth, development, logger }: GatewayWebSocketOptions): GraphQLWebSocket {
  const { apollo, subscriptions } = serving;
  return attachGraphQLWebSocket<SubscriptionContext>({
    server,
    schema: () => subscriptions.apiSchema(),
    logger,
    development,
    context: subscriptionContext,
    execute: (args) => executeWithApollo(apollo, args, args.contextValue as SubscriptionContext),
    subscribe: (args) => {
      const depth = documentDepth(args.document);
      if (depth > maxDepth) {
        return { errors: [new GraphQLError(`The operation is ${depth} levels deep; the limit is ${maxDepth}.`, { extensions: { code: ErrorCode.QUERY_TOO_DEEP } })] };
      }
      return subscriptions.subscribe(args);
    },
  });
}
