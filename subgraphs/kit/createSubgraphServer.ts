import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { execute } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { createLogger, type Logger } from '../../logger/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import { traceHttpRequest } from '../../telemetry/index.ts';
import {
  abandonAfterDeadline,
  attachGraphQLWebSocket,
  callerValue,
  CLIENT_NAME,
  closeServer,
  createErrorFormatter,
  createGraphQLHandler,
  createHttpServer,
  createOperationLimits,
  readCostDirectives,
  DEFAULT_OPERATION_LIMITS,
  listen,
  sendJson,
  startDeadline,
  type OperationLimits,
  type OperationLimitsOptions,
} from '../../server/index.ts';
import { readMeshPolicy, type MeshPolicy } from '../../governance/policy/index.ts';
import type { Authenticator } from '../../governance/Governance.ts';
import { buildDomainSubgraph } from './buildDomainSubgraph.ts';
import { domainCaller } from './domainCaller.ts';
import { createConsumptionRecorder } from './consumptionRecorder.ts';
import { consumptionPlugin, createLiveFigures } from './liveFigures.ts';
import { createRetentionCutoff } from './createRetentionCutoff.ts';
import { refuseRetiredTopics } from './refuseRetiredTopics.ts';
import type { DataProductDescriptor, DiscoveredDataProduct } from '../../schema/index.ts';
import type { DomainDefinition, SubgraphContext } from './Domain.ts';
import { createEntityLoaders } from './entityLoaders.ts';
import { logDamage, subgraphHealth } from './subgraphHealth.ts';
import { subscribeWithTraceContext } from './subscribeWithTraceContext.ts';

export interface SubgraphServerOptions {
  /** The domain to serve. */
  domain: DomainDefinition;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default '127.0.0.1' */
  host?: string;
  /** @default a logger named after the domain */
  logger?: Logger;
  /** Stack traces and unmasked errors in responses. @default false */
  development?: boolean;
  /** Largest accepted request body. @default 1_048_576 */
  maxBodyBytes?: number;
  /** The event log, for a domain that declares `start`. */
  log?: EventLog;
  /** Where the domain keeps its checkpoints. @default a `checkpoints` folder in the working directory's `.data` */
  dataDir?: string;
  /** Limits every operation is held to, over HTTP and WebSocket, before it is validated; each one not given is that of `DOMAIN_OPERATION_LIMITS`. @default DOMAIN_OPERATION_LIMITS */
  limits?: Omit<OperationLimitsOptions, 'schema'>;
  /** Time a query or mutation may run; past it the fields left fail with `OPERATION_TIMEOUT` instead of resolving. 0 sets no limit. @default 10_000 */
  requestTimeoutMs?: number;
  /** The mesh policy the descriptors may tighten but not weaken (its classification floors). @default the repository's, `readMeshPolicy()` */
  policy?: { policy: MeshPolicy; source: string };
  /**
   * Who may call `/graphql` (HTTP and WebSocket): only the gateway (scope
   * `mesh:gateway`) and those who govern the domain (its owners, governance),
   * so nobody bypasses the gateway's policy; no or bad credentials get 401,
   * another consumer 403. `/health` and `/data-products` stay open. The
   * command line always gives one. @default none: the port answers anyone (tests of the bare kit)
   */
  authenticator?: Authenticator;
}

/**
 * A domain's default operation limits: looser than the gateway's, because
 * the queries the gateway plans for a domain add key fields and `_entities`
 * to what the client asked, and must still pass.
 */
export const DOMAIN_OPERATION_LIMITS: OperationLimits['settings'] = {
  ...DEFAULT_OPERATION_LIMITS,
  maxDepth: DEFAULT_OPERATION_LIMITS.maxDepth + 5,
  maxCost: 2 * DEFAULT_OPERATION_LIMITS.maxCost,
  maxAliases: 2 * DEFAULT_OPERATION_LIMITS.maxAliases,
  maxRootFields: 2 * DEFAULT_OPERATION_LIMITS.maxRootFields,
  maxFields: 2 * DEFAULT_OPERATION_LIMITS.maxFields,
  maxTokens: 2 * DEFAULT_OPERATION_LIMITS.maxTokens,
};

/** A running domain subgraph. */
export interface SubgraphServer {
  /** The domain's name. */
  name: string;
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4001/graphql`. */
  url: string;
  port: number;
  /** The validated descriptors of the domain's data products. */
  descriptors: readonly DataProductDescriptor[];
  /** Open WebSocket connections (graphql-ws) to this subgraph. */
  webSocketConnections(): number;
  close(): Promise<void>;
}

/**
 * Starts a domain's subgraph: `/graphql` over HTTP (Apollo Server +
 * `@apollo/subgraph`) and over WebSocket (graphql-ws, for subscriptions),
 * `/health`, and the discovery port `GET /data-products`. Schema, polysemes
 * and descriptors are checked first: a problem stops start-up with a message
 * naming the file, data product or field. Whoever reaches the port directly
 * gets the gateway's protection: operations over `limits` are refused before
 * validation, queries past `requestTimeoutMs` are abandoned, and outside
 * development introspection (`__schema`, `__type`) is refused (the gateway
 * reads the SDL with `_service`).
 */
export async function createSubgraphServer(options: SubgraphServerOptions): Promise<SubgraphServer> {
  const { domain, port = 0, host = '127.0.0.1', development = false, maxBodyBytes, log, dataDir = '.data', limits = {}, requestTimeoutMs = 10_000 } = options;
  const logger = options.logger ?? createLogger({ component: domain.name });
  const { schema, document, descriptors } = buildDomainSubgraph(domain, options.policy ?? readMeshPolicy());
  const costDirectives = readCostDirectives(document);
  const operationLimits = createOperationLimits({ ...limits, schema: () => schema, costDirectives: () => costDirectives }, DOMAIN_OPERATION_LIMITS);
  abandonAfterDeadline(schema, (context) => (context as Partial<SubgraphContext> | undefined)?.deadline);
  const deadline = () => (requestTimeoutMs > 0 ? startDeadline(requestTimeoutMs) : undefined);
  const retention = createRetentionCutoff(domain.name, domain.dataProducts, domain.now ?? Date.now);
  const figures = createLiveFigures(domain.name, domain.dataProducts, createConsumptionRecorder(descriptors), () => logDamage(log), retention.expiredOf);
  if (domain.start && !log) {
    throw new TypeError(`Domain "${domain.name}" publishes or consumes topics: pass createSubgraphServer an event log.`);
  }
  // The domain appends with a log that refuses its retired products' topics, known before it writes anything.
  const retiredTopics = domain.start && log ? refuseRetiredTopics(log, domain.name, descriptors, logger) : undefined;
  await retiredTopics?.ready.catch((error: unknown) => logger.error('cannot read the data products\' lifecycles: appends to retired products\' topics are not refused', { err: error }));
  const startedTopics = domain.start && retiredTopics ? await domain.start({ log: retiredTopics.log, dataDir, logger }) : undefined;
  figures.started((domain.now ?? Date.now)());

  const apollo = new ApolloServer<SubgraphContext>({
    schema,
    includeStacktraceInErrorResponses: development,
    introspection: development,
    // The process owner stops us (closing logs and checkpoints first); Apollo's own
    // signal handler would end the process before that finishes.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(development, logger),
    logger,
    plugins: [ApolloServerPluginLandingPageDisabled(), consumptionPlugin(figures.recorder)],
  });
  await apollo.start();

  const entities = domain.entities ?? {};
  const contextOf = (request: IncomingMessage, connectionParams: Readonly<Record<string, unknown>> = {}): SubgraphContext => {
    // Records that aged past their product's retention go before anything is served.
    retention.sweep();
    return { loaders: createEntityLoaders(entities), clientName: callerValue(request, CLIENT_NAME, connectionParams), log, logger, retainedFrom: retention.retainedFrom };
  };
  const guard = options.authenticator ? domainCaller(domain.name, options.authenticator, logger) : undefined;
  const handleGraphQL = createGraphQLHandler<SubgraphContext>({
    apollo,
    maxBodyBytes,
    limits: operationLimits,
    context: async (request) => ({ ...contextOf(request), deadline: deadline() }),
  });
  // A SERVER span per request, continuing the trace of the caller (the gateway's fetch).
  const graphql = traceHttpRequest({ name: 'subgraph.request', attributes: { 'meshgraph.subgraph': domain.name } }, guard ? guard.http(handleGraphQL) : handleGraphQL);
  const startedAt = Date.now();
  const server = createHttpServer({
    logger,
    routes: [
      { path: '/graphql', methods: { GET: graphql, POST: graphql } },
      {
        path: '/health',
        methods: {
          GET: (_request, response) => sendJson(response, 200, subgraphHealth(domain.name, startedAt, log)),
        },
      },
      {
        path: '/data-products',
        methods: {
          GET: (_request, response) => {
            retention.sweep();
            const dataProducts: DiscoveredDataProduct[] = descriptors.map((d) => ({ ...d, figures: figures.of(d.urn) }));
            sendJson(response, 200, {
              domain: { name: domain.name, description: domain.description, team: domain.team },
              dataProducts,
            });
          },
        },
      },
    ],
  });
  // Subscriptions (and any operation) over graphql-ws, on the same port and path.
  const webSocket = attachGraphQLWebSocket<SubgraphContext>({
    server,
    schema,
    logger,
    development,
    limits: operationLimits,
    introspection: development,
    authorize: guard?.webSocket,
    context: ({ request, connectionParams }) => contextOf(request, connectionParams),
    // Queries and mutations over the socket have the same time limit as over HTTP; subscriptions do not.
    execute: (args) => execute({ ...args, contextValue: { ...(args.contextValue as SubgraphContext), deadline: deadline() } }),
    // Events of a traced record carry its trace on to the gateway (extensions.traceparent).
    subscribe: subscribeWithTraceContext,
    onOperation: ({ document, operationName, variableValues, contextValue }) =>
      figures.recorder.record((contextValue as SubgraphContext).clientName, document, operationName, variableValues),
  });
  const boundPort = await listen(server, port, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}/graphql`;
  logger.info('subgraph ready', { url, dataProducts: descriptors.map((d) => d.name).join(',') });
  let closing: Promise<void> | undefined;
  return {
    name: domain.name,
    url,
    port: boundPort,
    descriptors,
    webSocketConnections: () => webSocket.connections(),
    close() {
      // Idempotent: a second close waits for the first.
      closing ??= (async () => {
        await webSocket.close();
        await closeServer(server);
        await apollo.stop();
        await startedTopics?.close();
        await retiredTopics?.close();
        figures.stop();
      })();
      return closing;
    },
  };
}
