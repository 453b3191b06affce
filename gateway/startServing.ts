import { LocalGraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import WebSocket from 'ws';
import type { Logger } from '../logger/index.ts';
import { parse } from 'graphql';
import { callerValue, CLIENT_NAME, createErrorFormatter, createGraphQLHandler, readCostDirectives, createResponseBytes, type Admission, type CostDirectives, type OperationLimits, type RouteHandler } from '../server/index.ts';
import { actualCostPlugin } from './actualCostPlugin.ts';
import { requestSignal } from './requestSignal.ts';
import { dedupeGatewayExecutions } from './dedupeInboundExecutions.ts';
import { CATALOG_EXPORT_PATH, CATALOG_SUBGRAPH, createCatalogSchema, type MeshCatalog } from './catalog/index.ts';
import type { GatewayOptions } from './GatewayOptions.ts';
import type { PersistedOperations } from '../server/persistedOperations/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { operationResolutionPlugin } from './operationResolutionPlugin.ts';
import { deprecationsPlugin, usedDeprecations } from './deprecationsPlugin.ts';
import { createLifecycleGate } from './createLifecycleGate.ts';
import { retiredProductsPlugin } from './retiredProductsPlugin.ts';
import type { LifecycleBook } from '../registry/lifecycle/index.ts';
import { fieldUsagePlugin } from './fieldUsagePlugin.ts';
import type { FieldUsageRecorder } from '../registry/usage/index.ts';
import { governGateway, supergraphForGovernedGateway } from './governGateway.ts';
import type { Governance } from '../governance/Governance.ts';
import { requestConsumer, type CallerGuard, type ServiceCredential } from '../governance/identity/index.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';
import { createQueryGateway } from './execution/index.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import { createSubscriptionEngine, subscriptionPlannerOf, type SubscriptionEngine } from './subscriptions/index.ts';

export interface ServingOptions {
  /** The supergraph to serve first. */
  supergraphSdl: string;
  /** The subgraphs of the supergraph served now (the engine subscribes to them at their URL). */
  subgraphs: () => readonly SubgraphEndpoint[];
  /** The gateway's own GraphQL URL: the catalog's export links start there. */
  url: string;
  catalog: MeshCatalog;
  /** Filled with each subgraph's data source as Apollo builds it (metrics and health read them). */
  dataSources: Map<string, SubgraphDataSource>;
  /** Counts a subgraph's fetches by outcome. */
  onFetch: (subgraph: string) => (outcome: 'ok' | 'error') => void;
  /** Share one subgraph fetch among identical queries in flight. */
  dedupeInflight: boolean;
  /** Share one execution among identical queries in flight (same document, variables, consumer and client). @default false */
  inboundDedupe?: boolean;
  /** Told each time a query shares an execution in flight. @default nothing */
  onSharedExecution?: () => void;
  /** Limits every operation over HTTP is held to before Apollo parses, validates or plans it. */
  operationLimits: OperationLimits;
  /** Most operations in a batched HTTP request; 0 refuses batches. @default 0 */
  maxBatchOperations?: number;
  /** Decides whether a request within the limits runs now (the rate limits). @default every request runs */
  admit?: Admission;
  /** Operations sent by hash (APQ, trusted documents), resolved before the limits; Apollo Server's own APQ is off. @default none: Apollo Server's in-memory APQ */
  persistedOperations?: PersistedOperations;
  /** Told the actual cost of each query and mutation answered (`OperationLimits.actualCost`). @default none */
  onActualCost?: (cost: number) => void;
  /** Largest accepted request body. @default that of `createGraphQLHandler` */
  maxBodyBytes?: number;
  /** Time a request over HTTP may take before its subgraph fetches are aborted; 0 sets no limit. */
  requestTimeoutMs: number;
  /** Stack traces and unmasked errors in responses. */
  development: boolean;
  introspection: boolean;
  /** Limits and retries of subscriptions. */
  subscriptionLimits: NonNullable<GatewayOptions['subscriptions']>;
  /** The mesh policy, agreements and audit, enforced on every operation; none serves everything to everyone. */
  governance: Governance | undefined;
  /** Authenticates each caller before its request is read; none lets every caller in, anonymous. @default none */
  guard?: CallerGuard;
  /** The gateway's own credential to the subgraphs. @default none */
  credential?: ServiceCredential;
  /** Records which consumers use which fields and arguments. @default none */
  fieldUsage?: FieldUsageRecorder;
  /** The data products' lifecycles: a retired product's ports are refused, a deprecated one's warned of. @default none: each product's status is its descriptor's */
  lifecycle?: LifecycleBook;
  logger: Logger;
}

/** What serves requests once the supergraph composed. */
export interface Serving {
  /** Runs queries and mutations, over HTTP and WebSocket. */
  apollo: ApolloServer<GatewayContext>;
  /** Runs subscriptions. */
  subscriptions: SubscriptionEngine;
  /** Answers `GET` and `POST /graphql`. */
  handleGraphQL: RouteHandler;
  /** Serves a new supergraph: queries and live subscriptions move to it. Throws, changing nothing, when it cannot be served. */
  useSupergraph(supergraphSdl: string): void;
  /** The `@cost` and `@listSize` directives of the supergraph served. */
  costDirectives(): CostDirectives;
}

/**
 * Starts serving a supergraph: Apollo Gateway and Server for queries and
 * mutations (the catalog subgraph runs in-process), the subscription engine
 * for subscriptions, and the GraphQL-over-HTTP handler.
 */
export async function startServing(options: ServingOptions): Promise<Serving> {
  const { supergraphSdl, subgraphs, url, catalog, dataSources, onFetch, dedupeInflight, operationLimits, maxBodyBytes, requestTimeoutMs, development, introspection, subscriptionLimits, governance, guard, credential, logger } = options;
  const { maxBatchOperations = 0, admit, onActualCost, fieldUsage, lifecycle, persistedOperations, inboundDedupe = false, onSharedExecution } = options;
  // What each product's status allows, read before the first request is served.
  const gate = createLifecycleGate({ lifecycle, descriptors: async () => (await catalog.entries()).map((entry) => entry.descriptor), logger });
  await gate.refresh();
  const catalogSource = new LocalGraphQLDataSource(
    createCatalogSchema({
      catalog,
      exportUrl: (urn, format) => `${new URL(url).origin}${CATALOG_EXPORT_PATH}${encodeURIComponent(urn)}?format=${format}`,
      governance: governance?.resolvers,
      accessLog: governance?.accessLog,
      agreements: governance?.agreements,
    }),
  );
  // The data sources by name, as the subscription engine runs the rest of each plan with them (every event).
  const services: ServiceMap = { [CATALOG_SUBGRAPH]: catalogSource };
  // Governed, the authorization directives are the governor's to enforce: Apollo's planners must not refuse them.
  const loadable = (sdl: string) => (governance ? supergraphForGovernedGateway(sdl) : sdl);
  const gateway = createQueryGateway({
    logger,
    supergraphSdl: loadable(supergraphSdl),
    buildService: ({ name, url: serviceUrl }) => {
      if (name === CATALOG_SUBGRAPH) return catalogSource;
      const source = new SubgraphDataSource(name, serviceUrl ?? '', { dedupe: dedupeInflight, onFetch: onFetch(name), logger, credential });
      dataSources.set(name, source);
      services[name] = source;
      return source;
    },
  });
  // Inside governance: each caller is still planned, audited and masked for itself; only the execution of the document it runs is shared.
  const executing = inboundDedupe ? dedupeGatewayExecutions(gateway, { onShared: onSharedExecution }) : gateway;
  const governed = governance ? governGateway(executing, governance) : undefined;
  const responseBytes = createResponseBytes();
  const apollo = new ApolloServer<GatewayContext>({
    gateway: governed?.gateway ?? executing,
    logger,
    includeStacktraceInErrorResponses: development,
    introspection,
    // The process owner stops us (closing logs and checkpoints first); Apollo's own
    // signal handler would end the process before that finishes.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(development, logger),
    // Answers go out as bytes, serialized once for the callers sharing one execution.
    stringifyResult: responseBytes.stringifyResult,
    plugins: [operationResolutionPlugin(), retiredProductsPlugin(gate), deprecationsPlugin(gate), ...(fieldUsage ? [fieldUsagePlugin(fieldUsage, (operation) => governed?.governor()?.plan(operation).pruned)] : []), ...(onActualCost ? [actualCostPlugin(operationLimits, onActualCost)] : [])],
    allowBatchedHttpRequests: maxBatchOperations > 0,
    // Resolved before the limits (which must see the document), over HTTP and WebSocket alike.
    ...(persistedOperations ? { persistedQueries: false as const } : {}),
  });
  let costDirectives = readCostDirectives(parse(supergraphSdl));
  await apollo.start();
  const subscriptions = createSubscriptionEngine({
    // Planned on the supergraph the query executor built: one build per supergraph.
    planner: subscriptionPlannerOf(gateway.supergraph()),
    services: () => services,
    subgraphUrl: (name) => subgraphs().find((s) => s.name === name)?.url,
    // A subgraph the gateway serves itself (its catalog) runs its subscription fields in-process.
    inProcessSchema: (name) => {
      const source = services[name];
      return source instanceof LocalGraphQLDataSource ? source.schema : undefined;
    },
    webSocketImpl: WebSocket,
    maxSubscriptionsPerConnection: subscriptionLimits.maxPerConnection,
    maxSubscriptions: subscriptionLimits.maxTotal,
    maxBufferedEvents: subscriptionLimits.maxBufferedEvents,
    backoff: subscriptionLimits.backoff,
    enrichmentRetryMs: subscriptionLimits.enrichmentRetryMs,
    credential,
    ...(governed ? { governor: governed.governor } : {}),
    refusal: gate.refusal,
    deprecations: (schema, document, operationName) => usedDeprecations(schema, document, operationName, gate),
    logger,
  });
  // A product retired while clients subscribe to its ports: their subscriptions end with the refusal.
  gate.onRetired(() => subscriptions.endRefused());
  const handleGraphQL = createGraphQLHandler<GatewayContext>({
    apollo,
    maxBodyBytes,
    limits: operationLimits,
    maxBatchOperations,
    admit,
    persistedOperations,
    responseBytes,
    context: async (request) => ({ clientName: callerValue(request, CLIENT_NAME), signal: requestSignal(requestTimeoutMs), consumer: requestConsumer(request) }),
  });
  return {
    apollo,
    subscriptions,
    handleGraphQL: guard ? guard.http(handleGraphQL) : handleGraphQL,
    costDirectives: () => costDirectives,
    useSupergraph(sdl) {
      // What can refuse the supergraph first: refused (it throws), the gateway goes on serving the one it had, whole.
      const next = gateway.prepare(loadable(sdl));
      const planner = subscriptionPlannerOf(next);
      const directives = readCostDirectives(parse(sdl));
      gateway.serve(next);
      costDirectives = directives;
      subscriptions.useSupergraph(planner);
      // Products may have come, gone or changed status with it.
      void gate.refresh();
    },
  };
}
