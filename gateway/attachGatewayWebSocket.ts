import type { Server } from 'node:http';
import { requestConsumer } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import { attachGraphQLWebSocket, callerValue, CLIENT_NAME, type Admission, type GraphQLWebSocket, type GraphQLWebSocketOptions, type OperationLimits, type WebSocketConnection } from '../server/index.ts';
import { requestSignal } from './requestSignal.ts';
import { executeWithApollo } from './executeWithApollo.ts';
import { recordFieldUsage } from './fieldUsagePlugin.ts';
import type { FieldUsageRecorder } from '../registry/usage/index.ts';
import type { GatewayOptions } from './GatewayOptions.ts';
import type { PersistedOperations } from '../server/persistedOperations/index.ts';
import type { Serving } from './startServing.ts';
import type { SubscriptionContext } from './subscriptions/index.ts';

export interface GatewayWebSocketOptions {
  /** The gateway's HTTP server: upgrades on `/graphql`. */
  server: Server;
  /** What runs the operations. */
  serving: Pick<Serving, 'apollo' | 'subscriptions'>;
  /** Limits every operation is held to (depth, cost, aliases, root fields, tokens) before it is validated. */
  operationLimits: OperationLimits;
  /** Decides whether an operation within the limits runs now (the rate limits). @default every operation runs */
  admit?: Admission;
  /** Error messages and details to clients. */
  development: boolean;
  /** Largest message a client may send, in bytes. */
  maxMessageBytes?: number;
  /** Limits of the connections (origins, how many, how long idle). */
  limits?: GatewayOptions['webSocket'];
  /** Time a query or mutation may take before its subgraph fetches are aborted; 0 sets no limit. @default 0 */
  requestTimeoutMs?: number;
  /** Records which consumers subscribe to which fields (queries and mutations are Apollo's to record). @default none */
  fieldUsage?: FieldUsageRecorder;
  /** Decides whether a connection may go on after `connection_init` (the caller guard's `webSocket`). @default every connection may */
  authorize?: GraphQLWebSocketOptions<SubscriptionContext>['authorize'];
  /** Operations sent by hash (APQ, trusted documents), and whether only trusted ones run: as over HTTP. @default none */
  persistedOperations?: PersistedOperations;
  logger: Logger;
}

/** What a client's WebSocket connection tells about it: its name, from the upgrade request or `connection_init`, and the consumer it authenticated as. */
function subscriptionContext(connection: WebSocketConnection, operationId: string): SubscriptionContext {
  const { request, connectionParams } = connection;
  return {
    clientName: callerValue(request, CLIENT_NAME, connectionParams),
    consumer: requestConsumer(request),
    connection,
    operationId,
  };
}

/**
 * Serves the gateway's graphql-transport-ws endpoint: subscriptions through
 * the subscription engine, queries and mutations through Apollo Server as
 * over HTTP; an operation over `operationLimits` is refused before either.
 */
export function attachGatewayWebSocket({ server, serving, operationLimits, admit, development, maxMessageBytes, limits, requestTimeoutMs = 0, fieldUsage, authorize, persistedOperations, logger }: GatewayWebSocketOptions): GraphQLWebSocket {
  const { apollo, subscriptions } = serving;
  return attachGraphQLWebSocket<SubscriptionContext>({
    ...limits,
    maxMessageBytes,
    server,
    schema: () => subscriptions.apiSchema(),
    logger,
    development,
    limits: operationLimits,
    admit,
    authorize,
    persistedOperations,
    context: subscriptionContext,
    execute: (args) => {
      const context = args.contextValue as SubscriptionContext;
      return executeWithApollo(apollo, args, { ...context, signal: requestSignal(requestTimeoutMs) });
    },
    subscribe: (args) => {
      if (fieldUsage) recordFieldUsage(fieldUsage, { schema: args.schema, document: args.document, operationName: args.operationName, consumer: (args.contextValue as SubscriptionContext).consumer });
      return subscriptions.subscribe(args);
    },
  });
}
