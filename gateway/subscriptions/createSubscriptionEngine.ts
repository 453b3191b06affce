import type { ServiceMap } from '@apollo/gateway';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { BackoffOptions } from '../../common/index.ts';
import { restrictionError, type AccessGovernor } from '../../governance/enforcement/index.ts';
import type { ServiceCredential } from '../../governance/identity/index.ts';
import type { Logger } from '../../logger/index.ts';
import { createClientOutbox, type ClientOutbox } from './createClientOutbox.ts';
import { createClientRegistry, type SubscriptionLimit } from './createClientRegistry.ts';
import { createInProcessUpstream } from './createInProcessUpstream.ts';
import { createOperationFanout, type ClientOperation, type OperationFanout } from './createOperationFanout.ts';
import { createSharedUpstreamRegistry } from './createSharedUpstreamRegistry.ts';
import { createSubgraphClientPool } from './createSubgraphClientPool.ts';
import type { SubscriptionPlan, SubscriptionPlanner } from './createSubscriptionPlanner.ts';
import { createUpstream } from './createUpstream.ts';
import { createEventExecutor } from './executeEvent.ts';
import { replanOperation } from './replanOperation.ts';
import { retryEnrichment } from './retryEnrichment.ts';
import { SubscriptionCloseCode } from './SubscriptionCloseCode.ts';
import type { SubscriptionContext } from './SubscriptionContext.ts';
import { operationKey, usedVariables } from './subscriptionKeys.ts';

export interface SubscriptionEngineOptions {
  /** The supergraph to plan with at first (`useSupergraph` moves to another). */
  planner: SubscriptionPlanner;
  /** The data sources of the subgraphs, by name, for the rest of each plan. */
  services: () => ServiceMap;
  /** The HTTP URL of a subgraph, by name. */
  subgraphUrl: (name: string) => string | undefined;
  /** The executable schema of a subgraph the gateway serves itself, by name: its subscription fields run in-process, with the caller's context. @default none: every subgraph is reached over WebSocket */
  inProcessSchema?: (name: string) => GraphQLSchema | undefined;
  /** The WebSocket class upstream clients use (the `ws` package on Node 20). */
  webSocketImpl: unknown;
  /** Open subscriptions one connection may hold. @default 100 */
  maxSubscriptionsPerConnection?: number;
  /** Open subscriptions in all. @default 50_000 */
  maxSubscriptions?: number;
  /** Results waiting for one slow client before its connection is closed. @default 1_000 */
  maxBufferedEvents?: number;
  /** Backoff of upstream reconnections. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
  backoff?: BackoffOptions;
  /** How long an event whose enrichment failed (a subgraph of the rest of its plan did not answer) is retried before it is delivered with those fields missing; 0 delivers it at once. @default 5_000 */
  enrichmentRetryMs?: number;
  /** The gateway's own credential to the subgraphs, sent on every upstream connection. @default none */
  credential?: ServiceCredential;
  /** Where failed events, lost upstreams and slow clients are told. */
  logger: Logger;
  /** The policy of the supergraph in use: each event's result is masked for its caller's rights at that moment (a revoked agreement masks the next event). @default none: results as the subgraphs give them */
  governor?: () => AccessGovernor | undefined;
  /** An operation the gateway does not serve now (one that reads a retired data product), with the error to end it with: checked when it starts, and for every live one at `endRefused`. @default every operation is served */
  refusal?: (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) => GraphQLError | undefined;
  /** What is deprecated of what an operation uses (`extensions.deprecations`), asked at each of its events, so a status that moves shows at the next. @default nothing */
  deprecations?: (schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined) => readonly unknown[];
}

/** Figures of the engine, for `GET /metrics`. */
export interface SubscriptionStats {
  /** Open client subscriptions. */
  clientSubscriptions: number;
  /** Open subscriptions of the gateway to subgraphs. */
  upstreamSubscriptions: number;
  /** Results handed to client connections, in all. */
  eventsDelivered: number;
  /** Results never delivered because their client was too slow, in all. */
  eventsDropped: number;
  /** Upstream subscriptions resumed after a lost connection, in all. */
  upstreamReconnects: number;
  /** Results delivered with fields missing, because a subgraph of the rest of their plan did not answer within the retry window, in all. */
  eventsPartial: number;
  /** Subscriptions refused, by reason (`per_connection`, `total`). */
  refused: Readonly<Record<SubscriptionLimit, number>>;
}

/** Runs client subscriptions on the supergraph; knows no transport protocol. */
export interface SubscriptionEngine {
  /**
   * Runs a validated subscription operation (graphql-ws `subscribe`): results
   * go, serialized, to the writer the context's connection gives for the
   * operation; the iterator ends with the subscription.
   */
  subscribe(args: ExecutionArgs): AsyncIterableIterator<never> | ExecutionResult;
  /** The client-facing schema of the current supergraph. */
  apiSchema(): ExecutionArgs['schema'];
  /**
   * Moves to a new supergraph: subscriptions still valid against it go on
   * (re-planned, resuming where they were if their upstream changes); the
   * others end with `SUPERGRAPH_CHANGED`.
   */
  useSupergraph(planner: SubscriptionPlanner): void;
  /** Ends every live subscription that `refusal` now refuses, with its error (a data product it reads was retired). */
  endRefused(): void;
  stats(): SubscriptionStats;
  /** Ends every subscription and closes every upstream. */
  close(): Promise<void>;
}

/**
 * Executes subscription plans, which `@apollo/gateway` plans but refuses to
 * run: the primary fetch becomes one graphql-ws subscription to the subgraph
 * owning the field (or, for a subgraph the gateway serves itself, a
 * subscription on its schema in-process: `inProcessSchema`), shared by every
 * client operation that reads the same one (`createSharedUpstreamRegistry`);
 * for each event the rest of the plan runs
 * once per distinct client operation and its result goes to all of that
 * operation's clients (`createOperationFanout`, `createClientOutbox`), within
 * the limits of `createClientRegistry`.
 */
export function createSubscriptionEngine(options: SubscriptionEngineOptions): SubscriptionEngine {
  const { services, subgraphUrl, inProcessSchema, webSocketImpl, maxSubscriptionsPerConnection = 100, maxSubscriptions = 50_000, maxBufferedEvents = 1_000, backoff, enrichmentRetryMs = 5_000, logger, governor, credential, refusal, deprecations } = options;
  let planner = options.planner;
  const stats = { eventsDelivered: 0, eventsDropped: 0, upstreamReconnects: 0, eventsPartial: 0 };
  const closing = new AbortController();
  const subgraphClients = createSubgraphClientPool({ subgraphUrl, webSocketImpl, credential });
  const clients = createClientRegistry<ClientOutbox, OperationFanout>({ maxPerConnection: maxSubscriptionsPerConnection, maxTotal: maxSubscriptions });

  /** The rest of `plan`, run for one event of `operation`. */
  const completion = (plan: SubscriptionPlan, { document, variables, context, operationName, clientDocument }: ClientOperation) => {
    const execute = createEventExecutor(planner, plan, services);
    const enriched = retryEnrichment((event: ExecutionResult) => execute(event, { variables, context, logger }), {
      windowMs: enrichmentRetryMs,
      signal: closing.signal,
      onPartial: () => stats.eventsPartial++,
      logger,
    });
    const governed = clientDocument && { document: clientDocument, operationName, variables, consumer: context.consumer };
    const complete = governed
      ? async (event: ExecutionResult) => {
          const result = await enriched(event);
          return governor?.()?.mask(result, governed) ?? result;
        }
      : enriched;
    if (!deprecations) return complete;
    return async (event: ExecutionResult) => {
      const result = await complete(event);
      const used = deprecations(planner.apiSchema, clientDocument ?? document, operationName);
      return used.length === 0 ? result : { ...result, extensions: { ...result.extensions, deprecations: used } };
    };
  };

  const upstreams = createSharedUpstreamRegistry({
    subscribe({ plan, operation, after }, handlers) {
      const subgraph = plan.primary.serviceName;
      const request = { subgraph, operation: plan.upstreamOperation, operationName: plan.primary.operationName, variables: usedVariables(plan, operation.variables), after, logger, ...handlers };
      const schema = inProcessSchema?.(subgraph);
      // Only who calls goes in: the upstream is shared by every client of the same consumer and client name.
      if (schema) return createInProcessUpstream({ ...request, schema, context: { consumer: operation.context.consumer, clientName: operation.context.clientName } });
      const lease = subgraphClients.acquire(subgraph, operation.context);
      const upstream = createUpstream({ ...request, client: lease.client, backoff, onReconnect: () => stats.upstreamReconnects++ });
      return {
        get lastCursor() {
          return upstream.lastCursor;
        },
        close() {
          upstream.close();
          lease.release();
        },
      };
    },
    createFanout: (key, operation, plan) => createOperationFanout({ key, operation, plan, complete: completion(plan, operation), logger }),
  });

  /** A client ended: it leaves its fanout, and the fanout its upstream once no client is left. */
  const leave = (client: ClientOutbox) => {
    const fanout = clients.remove(client);
    if (!fanout) return;
    fanout.clients.delete(client);
    if (fanout.clients.size > 0) return;
    upstreams.detach(fanout);
    // A replay from an old cursor may have queued thousands of events: completing them (entity fetches, masking) would be for nobody.
    fanout.abandon();
  };

  return {
    apiSchema: () => planner.apiSchema,
    subscribe(args) {
      const context = args.contextValue as SubscriptionContext;
      const { connection } = context;
      const refused = refusal?.(args.schema, args.document, args.operationName ?? undefined);
      if (refused) return { errors: [refused] };
      const overLimit = clients.refusal(connection);
      if (overLimit) return overLimit;
      // Governed, the plan runs a document that masking can work on, and every event is masked for this caller.
      const policy = governor?.();
      let document = args.document;
      if (policy) {
        const governed = { document, operationName: args.operationName ?? undefined, variables: (args.variableValues ?? {}) as Record<string, unknown>, consumer: context.consumer };
        const access = policy.plan(governed);
        policy.record(access, governed, 'subscription');
        if (access.refused) return { errors: [restrictionError(access.refused.field, access.refused.restriction)] };
        document = policy.prepare(document, access);
      }
      const operation: ClientOperation = {
        document,
        ...(policy ? { clientDocument: args.document } : {}),
        operationName: args.operationName ?? undefined,
        variables: (args.variableValues ?? {}) as Record<string, unknown>,
        context,
      };
      let plan: SubscriptionPlan;
      try {
        plan = planner.plan(operation.document, operation.operationName);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const fanout = upstreams.attach(operationKey(operation.document, operation.operationName, operation.variables, context), operation, plan);
      const client = createClientOutbox({
        write: connection.resultWriter(context.operationId),
        maxBuffered: maxBufferedEvents,
        onDelivered: () => stats.eventsDelivered++,
        onOverflow: (dropped) => {
          stats.eventsDropped += dropped;
          logger.warn('slow subscriber cut off', { buffered: maxBufferedEvents, client: context.clientName ?? 'unnamed' });
          connection.close(SubscriptionCloseCode.SubscriberTooSlow, `Too slow: ${maxBufferedEvents} events waited for this connection to read them.`);
        },
        onEnd: () => leave(client),
      });
      clients.add(client, connection, fanout);
      fanout.clients.add(client);
      return client;
    },
    useSupergraph(next) {
      planner = next;
      for (const shared of upstreams.all()) {
        for (const fanout of [...shared.operations.values()]) {
          const replan = replanOperation(next, fanout.operation, shared.key);
          switch (replan.kind) {
            case 'invalid':
              fanout.end({ errors: [replan.error] });
              break;
            case 'same-upstream':
              fanout.replan(replan.plan, completion(replan.plan, fanout.operation));
              break;
            case 'moved': {
              const moved = upstreams.move(fanout, replan.plan);
              for (const client of fanout.clients) clients.move(client, moved);
              break;
            }
            default:
              throw new Error(`Unexpected re-plan ${JSON.stringify(replan satisfies never)}.`);
          }
        }
      }
    },
    endRefused() {
      if (!refusal) return;
      for (const shared of upstreams.all()) {
        for (const fanout of [...shared.operations.values()]) {
          const { clientDocument, document, operationName } = fanout.operation;
          const refused = refusal(planner.apiSchema, clientDocument ?? document, operationName);
          if (refused) fanout.end({ errors: [refused] });
        }
      }
    },
    stats: () => ({ ...stats, refused: clients.refused(), clientSubscriptions: clients.size, upstreamSubscriptions: upstreams.size }),
    async close() {
      closing.abort();
      upstreams.close();
      await subgraphClients.close();
    },
  };
}
