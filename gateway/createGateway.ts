import { createCallerGuard } from '../governance/identity/index.ts';
import { createLogger, type Logger } from '../logger/index.ts';
import { createRateLimiter, rateLimitAdmission } from '../governance/rateLimits/index.ts';
import { closeServer, createHttpServer, createOperationLimits, listen, type GraphQLWebSocket } from '../server/index.ts';
import { attachGatewayWebSocket } from './attachGatewayWebSocket.ts';
import { createGatewayPersistedOperations } from './createGatewayPersistedOperations.ts';
import { createMeshCatalog } from './catalog/index.ts';
import { createGatewayRoutes } from './createGatewayRoutes.ts';
import { createSubgraphHealthProbe } from './createSubgraphHealthProbe.ts';
import { createPollingSupergraphSource } from './createPollingSupergraphSource.ts';
import { createRegistryRoutes } from '../registry/createRegistryRoutes.ts';
import { createLifecycleRoutes } from '../registry/lifecycle/index.ts';
import { createGatewayMetrics } from './gatewayMetrics.ts';
import { createNotificationProducers } from './createNotificationProducers.ts';
import { withDeprecatedUse } from './fieldUsagePlugin.ts';
import { createGatewayStateMachine } from './GatewayState.ts';
import { startServing, type Serving } from './startServing.ts';
import type { SubgraphDataSource, SubgraphState } from './SubgraphDataSource.ts';
import type { GatewayOptions } from './GatewayOptions.ts';
import type { SourcedSupergraph } from './SupergraphSource.ts';

const NO_SDLS: readonly { name: string; sdl: string }[] = [];

/** A running gateway. */
export interface Gateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  /** Settles once the supergraph composed: with every subgraph, or after `startupWaitMs` with those that answered (rejects if it cannot compose); with `notifications`, once the lifecycle moves made while no gateway ran were told too. */
  ready: Promise<void>;
  /** Last known state of each subgraph: `waiting` until it first answered. */
  subgraphStates(): Record<string, SubgraphState | 'waiting'>;
  /** Open client WebSocket connections. */
  webSocketConnections(): number;
  close(): Promise<void>;
}

/** What a serving gateway runs on: Apollo, the subscription engine, the HTTP handler, and the WebSocket endpoint. */
interface ServingGateway extends Serving {
  webSocket: GraphQLWebSocket;
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
  const { port = 0, host = '127.0.0.1', maxDepth, maxCost, maxAliases, maxRootFields, maxTokens, maxBodyBytes, development = false, introspection = true, backoff, dedupeInflight = true, inboundDedupe = true, supergraphPollMs = 5_000, startupWaitMs = 60_000, subscriptions: subscriptionLimits = {}, webSocket: webSocketLimits, requestTimeoutMs = 30_000, requestReadTimeoutMs, healthProbeMs = 5_000, credential } = options;
  // Before anything starts: a bad manifest stops the gateway with a ConfigError naming it.
  const persistedOperations = createGatewayPersistedOperations(options);
  const source = options.registry ?? options.supergraph ?? createPollingSupergraphSource({ subgraphs: options.subgraphs ?? [], backoff, startupWaitMs, pollMs: supergraphPollMs });
  const logger = options.logger ?? createLogger({ component: 'gateway' });
  const aborter = new AbortController();
  const gateway = createGatewayStateMachine<ServingGateway>();
  const serving = () => (gateway.state.status === 'serving' ? gateway.state.serving : undefined);
  const dataSources = new Map<string, SubgraphDataSource>();
  // The mesh's subgraphs are those of the supergraph served, which the source may change at any time (a publication to the registry).
  let served: SourcedSupergraph | undefined;
  const subgraphs = () => served?.subgraphs ?? source.subgraphs();
  // Governed, every caller is authenticated first, over HTTP and WebSocket: before limits, before Apollo.
  const guard = options.governance ? createCallerGuard({ authenticator: options.governance.authenticator, logger }) : undefined;
  // One catalog for governance and serving when the caller built it (`meshgraph gateway`): it reads what this gateway serves.
  const catalog = options.catalog ?? createMeshCatalog({ lifecycle: options.lifecycle, logger });
  catalog.follow({ subgraphs, subgraphSdls: () => served?.subgraphSdls ?? NO_SDLS });
  // The notifications of the data products' lives this replica produces; governance's fields tell them.
  const producers = options.notifications
    ? createNotificationProducers({ notifications: options.notifications, catalog, ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}), ...(options.registry ? { registry: options.registry } : {}), logger })
    : undefined;
  const fieldUsage = options.fieldUsage && producers ? withDeprecatedUse(options.fieldUsage, producers.onDeprecatedUse) : options.fieldUsage;
  const { maxFields, defaultListSize, maxBatchOperations = 0, rateLimits = options.governance?.policy.rateLimits ?? false } = options;
  const operationLimits = createOperationLimits({
    maxDepth,
    maxCost,
    maxAliases,
    maxRootFields,
    maxFields,
    maxTokens,
    defaultListSize,
    schema: () => serving()?.subscriptions.apiSchema(),
    costDirectives: () => serving()?.costDirectives(),
    onEstimate: (cost, refused) => metrics.onEstimatedCost(cost, refused),
  });
  // After authentication and the cost estimate: a request spends its consumer's requests and estimated cost per minute.
  const admit = rateLimits ? rateLimitAdmission(createRateLimiter({ limits: rateLimits }), (limit) => metrics.onRateLimited(limit)) : undefined;
  const subgraphStates = () => Object.fromEntries(subgraphs().map(({ name }) => [name, dataSources.get(name)?.state ?? 'waiting'] as const));
  // Between queries too: a subgraph that stops answering, or answers again, shows in `/health` and `meshgraph_subgraph_up`.
  const healthProbe =
    healthProbeMs > 0
      ? createSubgraphHealthProbe({
          subgraphs,
          intervalMs: healthProbeMs,
          logger,
          onResult: (name, { state }) => {
            const source = dataSources.get(name);
            if (source) source.state = state;
          },
        })
      : undefined;
  const subgraphReports = () => Object.fromEntries([...(healthProbe?.latest() ?? [])].flatMap(([name, { report }]) => (report ? [[name, report]] : [])));
  const metrics = createGatewayMetrics(dataSources, () => serving()?.subscriptions.stats(), [options.governance?.audit.metrics, options.governance?.webhooks?.metrics].filter((registry) => registry !== undefined));
  const httpServer = createHttpServer({
    logger,
    requestReadTimeoutMs,
    onResponse: metrics.onResponse,
    routes: [
      ...createGatewayRoutes({ state: () => gateway.state, subgraphStates, subgraphReports, supergraphRejected: () => source.rejected?.(), catalog, graphqlUrl: () => url, serveMetrics: metrics.serve, ...(guard && options.governance ? { governance: { guard, audit: options.governance.audit } } : {}), ...(options.demoSignIn ? { demoSignIn: options.demoSignIn } : {}) }),
      // Publications reach a starting gateway too: a registry-backed one waits for the first.
      ...(options.lifecycle ? createLifecycleRoutes({ lifecycle: options.lifecycle, ...(guard ? { guard } : {}) }) : []),
      ...(options.registry ? createRegistryRoutes({ registry: options.registry, ...(guard ? { guard } : {}), ...(options.usage ? { usage: options.usage } : {}) }) : []),
    ],
  });
  // Until the WebSocket endpoint is attached, Node serves an upgrade request as a plain one:
  // a client that comes before the supergraph gets the same 503 GATEWAY_STARTING as over HTTP.
  const boundPort = await listen(httpServer, port, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}/graphql`;
  logger.info('gateway listening; composing subgraphs', { url, subgraphs: subgraphs().map((s) => s.name).join(',') });

  /** Stops serving, in an order where nothing in flight finds what it needs gone: subscriptions, WebSockets, HTTP, then Apollo. */
  const shutDown = async (parts: ServingGateway | undefined) => {
    await parts?.subscriptions.close();
    await parts?.webSocket.close();
    await closeServer(httpServer);
    await parts?.apollo.stop();
  };

  const start = async (): Promise<void> => {
    const startedAt = performance.now();
    const started = await source.start({ catalogUrl: url, signal: aborter.signal, logger, credential });
    served = started.supergraph;
    const parts = await startServing({
      supergraphSdl: started.supergraph.sdl,
      subgraphs,
      url,
      catalog,
      dataSources,
      onFetch: metrics.onFetch,
      dedupeInflight,
      inboundDedupe,
      onSharedExecution: metrics.onSharedExecution,
      operationLimits,
      maxBatchOperations,
      admit,
      persistedOperations,
      onActualCost: metrics.onActualCost,
      maxBodyBytes,
      requestTimeoutMs,
      development,
      introspection,
      subscriptionLimits,
      governance: options.governance,
      guard,
      credential,
      fieldUsage,
      lifecycle: options.lifecycle,
      logger,
    });
    const webSocket = attachGatewayWebSocket({ server: httpServer, serving: parts, operationLimits, admit, development, maxMessageBytes: maxBodyBytes, limits: webSocketLimits, requestTimeoutMs, fieldUsage, authorize: guard?.webSocket, persistedOperations, logger });
    if (!gateway.serve({ ...parts, webSocket })) {
      // Closed while Apollo was starting: what started must not keep running.
      await shutDown({ ...parts, webSocket });
      return;
    }
    started.watch((next) => {
      parts.useSupergraph(next.sdl);
      served = next;
    });
    logger.info('gateway ready', { url, composeMs: Math.round(performance.now() - startedAt) });
  };
  // Ready once this replica also told the lifecycle moves made while no gateway ran (they never fail it: they are logged).
  const ready = Promise.all([start(), producers?.caughtUp]).then(() => undefined);
  ready.catch((error: unknown) => {
    if (!aborter.signal.aborted) logger.error('gateway cannot start', { err: error });
  });

  return {
    url,
    port: boundPort,
    ready,
    subgraphStates,
    webSocketConnections: () => serving()?.webSocket.connections() ?? 0,
    async close() {
      aborter.abort(new Error('gateway closed'));
      healthProbe?.close();
      producers?.close();
      await shutDown(gateway.stop());
    },
  };
}
