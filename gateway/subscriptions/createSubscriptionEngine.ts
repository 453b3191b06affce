import type { ServiceMap } from '@apollo/gateway';
import { createClient, type Client } from 'graphql-ws';
import { GraphQLError, print, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from '../../logger/index.ts';
import { CLIENT_NAME } from '../../server/callerValue.ts';
import { ErrorCode } from '../../schema/index.ts';
import type { GatewayContext } from '../GatewayContext.ts';
import { createClientStream, type ClientStream } from './createClientStream.ts';
import type { SubscriptionPlan, SubscriptionPlanner } from './createSubscriptionPlanner.ts';
import { createUpstream, type Upstream } from './createUpstream.ts';
import { createEventExecutor } from './executeEvent.ts';
import { SubscriptionCloseCode } from './SubscriptionCloseCode.ts';

/** The client connection a subscription runs on, as the engine needs it. */
export interface SubscriberConnection {
  /** Writes one protocol message; `written` fires once the socket took it. */
  send(message: string, written: () => void): void;
  close(code: number, reason: string): void;
}

/** The context of a client subscription. */
export interface SubscriptionContext extends GatewayContext {
  /** The caller's credentials: clients share an upstream only with the same ones (and the same client name). */
  authorization?: string;
  connection: SubscriberConnection;
  /** The subscription's id on its connection. */
  operationId: string;
}

export interface SubscriptionEngineOptions {
  planner: SubscriptionPlanner;
  /** The data sources of the subgraphs, by name, for the rest of each plan. */
  services: () => ServiceMap;
  /** The HTTP URL of a subgraph, by name. */
  subgraphUrl: (name: string) => string | undefined;
  /** The WebSocket class upstream clients use (the `ws` package on Node 20). */
  webSocketImpl: unknown;
  /** Open subscriptions one connection may hold. @default 100 */
  maxSubscriptionsPerConnection?: number;
  /** Open subscriptions in all. @default 50_000 */
  maxSubscriptions?: number;
  /** Results waiting for one slow client before its connection is closed. @default 1_000 */
  maxBufferedEvents?: number;
  /** Backoff of upstream reconnections. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number };
  logger: Logger;
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
  /** Subscriptions refused, by reason (`per_connection`, `total`). */
  refused: Readonly<Record<'per_connection' | 'total', number>>;
}

export interface SubscriptionEngine {
  /**
   * Runs a validated subscription operation (graphql-ws `subscribe`): results
   * go straight to the context's connection; the iterator ends with the subscription.
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
  stats(): SubscriptionStats;
  /** Ends every subscription and closes every upstream. */
  close(): Promise<void>;
}

/** Client operations that run the same plan on the same upstream with the same variables and context. */
interface Fanout {
  key: string;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  context: SubscriptionContext;
  plan: SubscriptionPlan;
  execute: ReturnType<typeof createEventExecutor>;
  clients: Set<ClientStream>;
  /** Results are delivered in event order even though the rest of the plan runs concurrently. */
  delivered: Promise<void>;
  /** Events not yet being completed, and how many are. */
  waiting: ExecutionResult[];
  running: number;
  stream: SharedStream;
}

/** What a client operation brings to its fanout. */
type FanoutInit = Pick<Fanout, 'document' | 'operationName' | 'variables' | 'context' | 'plan'>;

/** One upstream subscription and the client operations it feeds. */
interface SharedStream {
  key: string;
  /** Which graphql-ws client (subgraph, credentials, client name) it runs on. */
  clientKey: string;
  /** It started at a cursor: once it has moved past it, clients asking for that cursor need a stream of their own. */
  positioned: boolean;
  upstream: Upstream;
  fanouts: Map<string, Fanout>;
}

const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

const usedVariables = (plan: SubscriptionPlan, variables: Record<string, unknown>) =>
  Object.fromEntries((plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));

// The client name is part of it so that each domain sees who consumes its streams.
const streamKey = (plan: SubscriptionPlan, variables: Record<string, unknown>, context: SubscriptionContext) =>
  stableJson([plan.primary.serviceName, plan.primary.operation, usedVariables(plan, variables), context.authorization ?? null, context.clientName ?? null]);

/** Events of one fanout being completed at the same time. */
const MAX_EVENTS_IN_FLIGHT = 32;

const refusal = (message: string) => ({ errors: [new GraphQLError(message, { extensions: { code: ErrorCode.TOO_MANY_SUBSCRIPTIONS } })] });

/**
 * Executes subscription plans, which `@apollo/gateway` plans but refuses to
 * run: the primary fetch becomes one graphql-ws subscription to the subgraph
 * owning the field, shared by every client with the same stream; for each
 * event the rest of the plan runs once per distinct client operation and its
 * result goes to all of that operation's clients.
 */
export function createSubscriptionEngine(options: SubscriptionEngineOptions): SubscriptionEngine {
  const { services, subgraphUrl, webSocketImpl, maxSubscriptionsPerConnection = 100, maxSubscriptions = 50_000, maxBufferedEvents = 1_000, backoff, logger } = options;
  let planner = options.planner;
  /** Every open upstream stream. */
  const streams = new Set<SharedStream>();
  /** The streams a new client may join, by stream key. */
  const joinable = new Map<string, SharedStream>();
  const clients = new Map<string, Client>();
  const perConnection = new WeakMap<SubscriberConnection, number>();
  /** Which fanout each open client subscription is in (it changes when a new supergraph moves its operation). */
  const fanoutOf = new Map<ClientStream, Fanout>();
  const stats = { eventsDelivered: 0, eventsDropped: 0, upstreamReconnects: 0, refused: { per_connection: 0, total: 0 } };

  /** One graphql-ws client per subgraph, credentials and client name; it closes its socket when its last subscription ends. */
  const clientKeyOf = (subgraph: string, { authorization, clientName }: Pick<SubscriptionContext, 'authorization' | 'clientName'>) =>
    stableJson([subgraph, authorization ?? null, clientName ?? null]);
  const clientFor = (subgraph: string, context: SubscriptionContext): Client => {
    const { authorization, clientName } = context;
    const key = clientKeyOf(subgraph, context);
    let client = clients.get(key);
    if (!client) {
      const url = subgraphUrl(subgraph);
      if (!url) throw new Error(`No URL for subgraph "${subgraph}".`);
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl,
        lazy: true,
        lazyCloseTimeout: 0,
        // The upstream resumes itself, after the last event it received.
        retryAttempts: 0,
        connectionParams: {
          ...(authorization ? { authorization } : {}),
          ...(clientName ? { [CLIENT_NAME]: clientName } : {}),
        },
      });
      clients.set(key, client);
    }
    return client;
  };

  /**
   * Completes waiting events of a fanout, at most `MAX_EVENTS_IN_FLIGHT` at a
   * time (a burst, such as a catch-up from an old cursor, must not become
   * thousands of concurrent entity fetches), delivering results in event order.
   */
  const runWaiting = (fanout: Fanout) => {
    while (fanout.running < MAX_EVENTS_IN_FLIGHT && fanout.waiting.length > 0) {
      const event = fanout.waiting.shift()!;
      fanout.running++;
      const result = fanout
        .execute(event, { variables: fanout.variables, context: fanout.context, logger })
        .catch((error: unknown) => {
          logger.error('subscription event failed', { subgraph: fanout.plan.primary.serviceName, err: error });
          return { errors: [new GraphQLError('This event could not be completed.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } })] };
        })
        .finally(() => {
          fanout.running--;
          runWaiting(fanout);
        });
      fanout.delivered = fanout.delivered.then(async () => {
        const completed = JSON.stringify(await result);
        for (const client of fanout.clients) client.push(completed);
      });
    }
  };

  const endFanout = (fanout: Fanout, result?: ExecutionResult) => {
    const json = result && JSON.stringify(result);
    for (const client of [...fanout.clients]) client.finish(json);
  };

  const openStream = (key: string, fanout: FanoutInit, after?: string): SharedStream => {
    const { plan, context } = fanout;
    const subgraph = plan.primary.serviceName;
    const positioned = after !== undefined || plan.stream.startsAfter(fanout.variables);
    const stream: SharedStream = { key, clientKey: clientKeyOf(subgraph, context), positioned, fanouts: new Map(), upstream: undefined as unknown as Upstream };
    const finishAll = (result?: ExecutionResult) => {
      forget(stream);
      for (const f of stream.fanouts.values()) f.delivered = f.delivered.then(() => endFanout(f, result));
    };
    stream.upstream = createUpstream({
      subgraph,
      client: clientFor(subgraph, context),
      stream: plan.stream,
      operationName: plan.primary.operationName,
      variables: usedVariables(plan, fanout.variables),
      after,
      ...backoff,
      logger,
      onEvent: (event) => {
        if (stream.positioned && joinable.get(key) === stream) joinable.delete(key);
        for (const f of stream.fanouts.values()) {
          f.waiting.push(event);
          runWaiting(f);
        }
      },
      onErrors: (errors) => finishAll({ errors }),
      onComplete: () => finishAll(),
      onReconnect: () => stats.upstreamReconnects++,
    });
    streams.add(stream);
    joinable.set(key, stream);
    return stream;
  };

  /** Drops a stream that ended, and its graphql-ws client once no stream uses it (client names are many). */
  const forget = (stream: SharedStream) => {
    streams.delete(stream);
    if (joinable.get(stream.key) === stream) joinable.delete(stream.key);
    if ([...streams].some((other) => other.clientKey === stream.clientKey)) return;
    const client = clients.get(stream.clientKey);
    clients.delete(stream.clientKey);
    // After the upstream completes: its `complete` goes out first.
    if (client) setImmediate(() => void client.dispose());
  };

  /** Adds a client operation to the stream its plan reads (opening it if needed). */
  const attach = (fanoutKey: string, init: FanoutInit, after?: string): Fanout => {
    const key = streamKey(init.plan, init.variables, init.context);
    const stream = joinable.get(key) ?? openStream(key, init, after);
    let fanout = stream.fanouts.get(fanoutKey);
    if (!fanout) {
      fanout = { ...init, key: fanoutKey, stream, clients: new Set(), delivered: Promise.resolve(), waiting: [], running: 0, execute: createEventExecutor(planner, init.plan, services) };
      stream.fanouts.set(fanoutKey, fanout);
    }
    return fanout;
  };

  const detach = (fanout: Fanout, client: ClientStream) => {
    fanout.clients.delete(client);
    if (fanout.clients.size > 0) return;
    const { stream } = fanout;
    if (stream.fanouts.get(fanout.key) === fanout) stream.fanouts.delete(fanout.key);
    if (stream.fanouts.size === 0 && streams.has(stream)) {
      forget(stream);
      stream.upstream.close();
    }
  };

  return {
    apiSchema: () => planner.apiSchema,
    subscribe(args) {
      const context = args.contextValue as SubscriptionContext;
      const { connection } = context;
      const open = perConnection.get(connection) ?? 0;
      if (open >= maxSubscriptionsPerConnection) {
        stats.refused.per_connection++;
        return refusal(`This connection already has ${open} open subscriptions, the most one connection may hold. Complete one first, or open another connection.`);
      }
      if (fanoutOf.size >= maxSubscriptions) {
        stats.refused.total++;
        return refusal(`The gateway holds ${fanoutOf.size} subscriptions, its limit. Retry later.`);
      }
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const operationName = args.operationName ?? undefined;
      let plan: SubscriptionPlan;
      try {
        plan = planner.plan(args.document, operationName);
      } catch (error) {
        if (error instanceof GraphQLError) return { errors: [error] };
        throw error;
      }
      const fanoutKey = stableJson([print(args.document), operationName ?? null, variables, context.authorization ?? null, context.clientName ?? null]);
      const fanout = attach(fanoutKey, { document: args.document, operationName, variables, context, plan });
      perConnection.set(connection, open + 1);
      const client = createClientStream({
        id: context.operationId,
        send: connection.send,
        maxBuffered: maxBufferedEvents,
        onDelivered: () => stats.eventsDelivered++,
        onOverflow: (dropped) => {
          stats.eventsDropped += dropped;
          logger.warn('slow subscriber cut off', { buffered: maxBufferedEvents, client: context.clientName ?? 'unnamed' });
          connection.close(SubscriptionCloseCode.SubscriberTooSlow, `Too slow: ${maxBufferedEvents} events waited for this connection to read them.`);
        },
        onEnd: () => {
          perConnection.set(connection, (perConnection.get(connection) ?? 1) - 1);
          detach(fanoutOf.get(client)!, client);
          fanoutOf.delete(client);
        },
      });
      fanout.clients.add(client);
      fanoutOf.set(client, fanout);
      return client;
    },
    useSupergraph(next) {
      planner = next;
      for (const stream of [...streams.values()]) {
        for (const fanout of [...stream.fanouts.values()]) {
          const errors = validate(next.apiSchema, fanout.document);
          if (errors.length > 0) {
            const message = `The composed graph changed and this subscription is no longer valid: ${errors.map((e) => e.message).join(' ')} Subscribe again with an operation valid on the new graph.`;
            fanout.delivered = fanout.delivered.then(() => endFanout(fanout, { errors: [new GraphQLError(message, { extensions: { code: ErrorCode.SUPERGRAPH_CHANGED } })] }));
            continue;
          }
          const plan = next.plan(fanout.document, fanout.operationName);
          const sameStream = streamKey(plan, fanout.variables, fanout.context) === stream.key;
          if (sameStream) {
            // Same upstream: only the rest of the plan may differ.
            Object.assign(fanout, { plan, execute: createEventExecutor(next, plan, services) });
            continue;
          }
          // Another upstream now serves it: resume there right after the last event received.
          stream.fanouts.delete(fanout.key);
          const moved = attach(fanout.key, { ...fanout, plan }, stream.upstream.lastCursor);
          moved.delivered = fanout.delivered;
          for (const client of fanout.clients) {
            moved.clients.add(client);
            fanoutOf.set(client, moved);
          }
          if (stream.fanouts.size === 0) {
            forget(stream);
            stream.upstream.close();
          }
        }
      }
    },
    stats: () => ({ ...stats, refused: { ...stats.refused }, clientSubscriptions: fanoutOf.size, upstreamSubscriptions: streams.size }),
    async close() {
      for (const stream of [...streams.values()]) {
        stream.upstream.close();
        for (const fanout of stream.fanouts.values()) endFanout(fanout);
      }
      streams.clear();
      joinable.clear();
      await Promise.all([...clients.values()].map((client) => client.dispose()));
      clients.clear();
    },
  };
}
