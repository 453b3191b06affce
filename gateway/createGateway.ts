import { ApolloGateway, LocalGraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { IncomingMessage, ServerResponse } from 'node:http';
import WebSocket from 'ws';
import { createLogger, type Logger } from '../logger/index.ts';
import {
  attachGraphQLWebSocket,
  callerValue,
  CLIENT_NAME,
  closeServer,
  createErrorFormatter,
  createGraphQLHandler,
  createHttpServer,
  ErrorCode,
  listen,
  sendGraphQLError,
  sendJson,
  type GraphQLWebSocket,
  type WebSocketConnection,
} from '../server/index.ts';
import { CATALOG_EXPORT_PATH, CATALOG_SUBGRAPH, CATALOG_TYPE_DEFS, createCatalogExportHandler, createCatalogSchema, createMeshCatalog } from './catalog/index.ts';
import { composeSupergraph } from './composeSupergraph.ts';
import { depthLimitPlugin, documentDepth } from './depthLimitPlugin.ts';
import { executeWithApollo } from './executeWithApollo.ts';
import { createGatewayMetrics } from './gatewayMetrics.ts';
import { operationResolutionPlugin } from './operationResolutionPlugin.ts';
import type { BackoffOptions } from '../common/index.ts';
import { waitForSubgraphs } from './waitForSubgraphs.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { SubgraphDataSource, type SubgraphState } from './SubgraphDataSource.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import { createSubscriptionEngine, createSubscriptionPlanner, type SubscriptionContext, type SubscriptionEngine } from './subscriptions/index.ts';
import { watchSupergraph } from './watchSupergraph.ts';

export interface GatewayOptions {
  /** The subgraphs to compose. */
  subgraphs: readonly SubgraphEndpoint[];
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** Deepest operation accepted. @default 15 */
  maxDepth?: number;
  /** Largest accepted request body. @default 1_048_576 */
  maxBodyBytes?: number;
  /** Stack traces and unmasked errors in responses. @default false */
  development?: boolean;
  /** Share one subgraph fetch among identical queries in flight at the same time. @default true */
  dedupeInflight?: boolean;
  /** Retry of subgraphs that are not up at start. @default { initialDelayMs: 200, maxDelayMs: 1_000 } */
  backoff?: BackoffOptions;
  /** How long to wait at start for subgraphs that are not up; then the gateway starts with those that are (at least one), and the others join later. @default 60_000 */
  startupWaitMs?: number;
  /** Time between two looks at the subgraphs' SDL, recomposing when one changed; 0 never looks. @default 5_000 */
  supergraphPollMs?: number;
  /** Limits and retries of subscriptions over WebSocket. */
  subscriptions?: {
    /** Open subscriptions one connection may hold. @default 100 */
    maxPerConnection?: number;
    /** Open subscriptions in all. @default 50_000 */
    maxTotal?: number;
    /** Events waiting for one slow client before its connection is closed (code 4413). @default 1_000 */
    maxBufferedEvents?: number;
    /** Backoff of reconnections to a subgraph's stream. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
    backoff?: BackoffOptions;
  };
  /** @default a logger named `gateway` */
  logger?: Logger;
}

/** A running gateway. */
export interface Gateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  /** Settles once the supergraph composed: with every subgraph, or after `startupWaitMs` with those that answered (rejects if it cannot compose). */
  ready: Promise<void>;
  /** Last known state of each subgraph: `waiting` until it first answered. */
  subgraphStates(): Record<string, SubgraphState | 'waiting'>;
  /** Open client WebSocket connections. */
  webSocketConnections(): number;
  close(): Promise<void>;
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
 * Starts the gateway: it listens at once (answering 503 `GATEWAY_STARTING`
 * until ready), waits for the subgraphs with backoff, composes them with
 * Apollo Federation 2 and serves `POST /graphql`, `GET /health` and
 * `GET /metrics` (Prometheus text), and subscriptions (and any operation)
 * over graphql-ws on the same `/graphql`. It recomposes when a subgraph's SDL
 * changes.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const { subgraphs, port = 0, host = '127.0.0.1', maxDepth = 15, maxBodyBytes, development = false, backoff, dedupeInflight = true, supergraphPollMs = 5_000, startupWaitMs = 60_000, subscriptions: subscriptionLimits = {} } = options;
  if (subgraphs.length === 0) throw new TypeError('createGateway needs at least one subgraph to compose.');
  if (subgraphs.some((s) => s.name === CATALOG_SUBGRAPH)) {
    throw new TypeError(`"${CATALOG_SUBGRAPH}" is the name of the gateway's built-in catalog subgraph; give that subgraph another name.`);
  }
  const logger = options.logger ?? createLogger({ component: 'gateway' });
  const aborter = new AbortController();
  const dataSources = new Map<string, SubgraphDataSource>();
  let handleGraphQL: ((request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>) | undefined;
  let apollo: ApolloServer<GatewayContext> | undefined;
  let subscriptions: SubscriptionEngine | undefined;
  let webSocket: GraphQLWebSocket | undefined;
  let watcher: { stop(): void } | undefined;
  let composedSdls: readonly { name: string; sdl: string }[] = [];
  const catalog = createMeshCatalog({ subgraphs, subgraphSdls: () => composedSdls, logger });

  const subgraphStates = () =>
    Object.fromEntries(subgraphs.map(({ name }) => [name, dataSources.get(name)?.state ?? 'waiting'] as const));

  const graphql = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    if (handleGraphQL) return handleGraphQL(request, response, url);
    const waiting = Object.entries(subgraphStates()).filter(([, s]) => s === 'waiting').map(([n]) => `"${n}"`);
    response.setHeader('retry-after', '1');
    sendGraphQLError(response, 503, ErrorCode.GATEWAY_STARTING, `The gateway is starting: waiting for subgraph(s) ${waiting.join(', ')}. Retry shortly.`);
  };
  const metrics = createGatewayMetrics(dataSources, () => subscriptions?.stats());
  const httpServer = createHttpServer({
    logger,
    onResponse: metrics.onResponse,
    routes: [
      { path: '/graphql', methods: { GET: graphql, POST: graphql } },
      {
        path: '/health',
        methods: {
          GET: (_request, response) => {
            const status = handleGraphQL ? 'ok' : 'starting';
            sendJson(response, handleGraphQL ? 200 : 503, { status, pid: process.pid, subgraphs: subgraphStates() });
          },
        },
      },
      { path: `${CATALOG_EXPORT_PATH}*`, methods: { GET: createCatalogExportHandler(catalog, () => ({ graphqlUrl: url })) } },
      {
        path: '/metrics',
        methods: {
          GET: metrics.serve,
        },
      },
    ],
  });
  // Until the WebSocket endpoint is attached, Node serves an upgrade request as a plain one:
  // a client that comes before the supergraph gets the same 503 GATEWAY_STARTING as over HTTP.
  const boundPort = await listen(httpServer, port, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}/graphql`;
  logger.info('gateway listening; composing subgraphs', { url, subgraphs: subgraphs.map((s) => s.name).join(',') });

  const start = async (): Promise<void> => {
    const startedAt = performance.now();
    const withSdl = await waitForSubgraphs(subgraphs, { ...backoff, startupWaitMs, logger, signal: aborter.signal });
    const compose = (list: readonly (SubgraphEndpoint & { sdl: string })[]) => {
      const supergraph = composeSupergraph([...list, { name: CATALOG_SUBGRAPH, url, sdl: CATALOG_TYPE_DEFS }]);
      composedSdls = list.map(({ name, sdl }) => ({ name, sdl }));
      return supergraph;
    };
    const supergraphSdl = compose(withSdl.filter((s): s is SubgraphEndpoint & { sdl: string } => s.sdl !== undefined));
    const catalogSource = new LocalGraphQLDataSource(
      createCatalogSchema({ catalog, exportUrl: (urn, format) => `${new URL(url).origin}${CATALOG_EXPORT_PATH}${encodeURIComponent(urn)}?format=${format}` }),
    );
    // The data sources by name, as the subscription engine runs the rest of each plan with them (every event).
    const services: ServiceMap = { [CATALOG_SUBGRAPH]: catalogSource };
    let updateSupergraph: ((sdl: string) => void) | undefined;
    const gateway = new ApolloGateway({
      logger,
      supergraphSdl: async ({ update }) => {
        updateSupergraph = update;
        return { supergraphSdl };
      },
      buildService: ({ name, url: serviceUrl }) => {
        if (name === CATALOG_SUBGRAPH) return catalogSource;
        const source = new SubgraphDataSource(name, serviceUrl ?? '', { dedupe: dedupeInflight, onFetch: metrics.onFetch(name) });
        dataSources.set(name, source);
        services[name] = source;
        return source;
      },
    });
    const server = new ApolloServer<GatewayContext>({
      gateway,
      logger,
      includeStacktraceInErrorResponses: development,
      // The process owner stops us (closing logs and checkpoints first); Apollo's own
      // signal handler would end the process before that finishes.
      stopOnTerminationSignals: false,
      formatError: createErrorFormatter(development, logger),
      plugins: [operationResolutionPlugin(), depthLimitPlugin(maxDepth)],
    });
    await server.start();
    apollo = server;
    const engine = createSubscriptionEngine({
      planner: createSubscriptionPlanner(supergraphSdl),
      services: () => services,
      subgraphUrl: (name) => subgraphs.find((s) => s.name === name)?.url,
      webSocketImpl: WebSocket,
      maxSubscriptionsPerConnection: subscriptionLimits.maxPerConnection,
      maxSubscriptions: subscriptionLimits.maxTotal,
      maxBufferedEvents: subscriptionLimits.maxBufferedEvents,
      backoff: subscriptionLimits.backoff,
      logger,
    });
    subscriptions = engine;
    handleGraphQL = createGraphQLHandler<GatewayContext>({
      apollo: server,
      maxBodyBytes,
      context: async (request) => ({ clientName: callerValue(request, CLIENT_NAME) }),
    });
    webSocket = attachGraphQLWebSocket<SubscriptionContext>({
      server: httpServer,
      schema: () => engine.apiSchema(),
      logger,
      development,
      context: subscriptionContext,
      execute: (args) => executeWithApollo(server, args, args.contextValue as SubscriptionContext),
      subscribe: (args) => {
        const depth = documentDepth(args.document);
        if (depth > maxDepth) {
          return { errors: [new GraphQLError(`The operation is ${depth} levels deep; the limit is ${maxDepth}.`, { extensions: { code: ErrorCode.QUERY_TOO_DEEP } })] };
        }
        return engine.subscribe(args);
      },
    });
    if (supergraphPollMs > 0) {
      watcher = watchSupergraph({
        subgraphs: withSdl,
        intervalMs: supergraphPollMs,
        compose,
        logger,
        onChange: (sdl) => {
          updateSupergraph?.(sdl);
          engine.useSupergraph(createSubscriptionPlanner(sdl));
        },
      });
    }
    logger.info('gateway ready', { url, composeMs: Math.round(performance.now() - startedAt) });
  };
  const ready = start();
  ready.catch((error: unknown) => {
    if (!aborter.signal.aborted) logger.error('gateway cannot start', { err: error });
  });

  return {
    url,
    port: boundPort,
    ready,
    subgraphStates,
    webSocketConnections: () => webSocket?.connections() ?? 0,
    async close() {
      aborter.abort(new Error('gateway closed'));
      watcher?.stop();
      await subscriptions?.close();
      await webSocket?.close();
      await closeServer(httpServer);
      await apollo?.stop();
    },
  };
}
