import { Counter, Histogram, Registry } from 'prom-client';
import { createMetricsRegistry, observeMetric, serveMetrics } from '../server/index.ts';
import type { SubgraphDataSource } from './SubgraphDataSource.ts';
import type { SubscriptionStats } from './subscriptions/index.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Operation costs span orders of magnitude (Apollo Router's example view). */
const COST_BUCKETS = [0, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/**
 * The gateway's metrics, served on `GET /metrics` in Prometheus text format:
 * its own (`meshgraph_*`) and Node's and the process's defaults
 * (`process_resident_memory_bytes`, `nodejs_heap_size_used_bytes`, …),
 * and the series of `more` registries (the audit trail's `meshgraph_audit_*`).
 */
export function createGatewayMetrics(dataSources: ReadonlyMap<string, SubgraphDataSource>, subscriptionStats: () => SubscriptionStats | undefined, more: readonly Registry[] = []) {
  const registry = createMetricsRegistry();
  const registers = [registry];
  const requests = new Counter({ name: 'meshgraph_http_requests_total', help: 'HTTP requests answered, by path and status.', labelNames: ['path', 'status'], registers });
  const latency = new Histogram({ name: 'meshgraph_graphql_request_duration_seconds', help: 'Time to answer a GraphQL request over HTTP.', buckets: LATENCY_BUCKETS, registers });
  const estimatedCost = new Histogram({
    name: 'meshgraph_operation_cost_estimated',
    help: 'Estimated cost of each operation (@cost, @listSize), before it runs, by outcome (accepted, refused: over the cost limit).',
    labelNames: ['outcome'],
    buckets: COST_BUCKETS,
    registers,
  });
  const actualCost = new Histogram({
    name: 'meshgraph_operation_cost_actual',
    help: 'Actual cost of each query and mutation answered: the estimate\'s weights over the lists and objects of its response.',
    buckets: COST_BUCKETS,
    registers,
  });
  const rateLimited = new Counter({ name: 'meshgraph_rate_limited_total', help: 'Requests refused by a rate limit, by limit (requestsPerMinute, costPerMinute).', labelNames: ['limit'], registers });
  const sharedExecutions = new Counter({ name: 'meshgraph_query_executions_shared_total', help: 'Queries answered by an identical execution already in flight instead of one of their own (MESHGRAPH_INBOUND_DEDUPE).', registers });
  const fetches = new Counter({ name: 'meshgraph_subgraph_fetches_total', help: 'Fetches from subgraphs, by subgraph and outcome (ok, error).', labelNames: ['outcome', 'subgraph'], registers });
  const perSubgraph = (read: (source: SubgraphDataSource) => number) => () => [...dataSources.values()].map((source) => ({ labels: { subgraph: source.name }, value: read(source) }));
  observeMetric(registry, 'counter', {
    name: 'meshgraph_subgraph_fetches_shared_total',
    help: 'Subgraph fetches that shared an identical query already in flight.',
    labelNames: ['subgraph'],
    read: perSubgraph((source) => source.sharedFetches()),
  });
  observeMetric(registry, 'gauge', {
    name: 'meshgraph_subgraph_up',
    help: 'Whether the last fetch from the subgraph, or the last look at its /health, got an answer (1) or not (0).',
    labelNames: ['subgraph'],
    read: perSubgraph((source) => (source.state === 'up' ? 1 : 0)),
  });
  const figure = (read: (stats: SubscriptionStats) => number) => () => {
    const stats = subscriptionStats();
    return [{ value: stats ? read(stats) : 0 }];
  };
  observeMetric(registry, 'gauge', { name: 'meshgraph_subscriptions_open', help: 'Open client subscriptions (over WebSocket).', read: figure((s) => s.clientSubscriptions) });
  observeMetric(registry, 'gauge', {
    name: 'meshgraph_subscriptions_upstream',
    help: 'Open subscriptions of the gateway to subgraphs; clients of the same stream share one.',
    read: figure((s) => s.upstreamSubscriptions),
  });
  observeMetric(registry, 'counter', { name: 'meshgraph_subscription_events_delivered_total', help: 'Subscription results handed to client connections.', read: figure((s) => s.eventsDelivered) });
  observeMetric(registry, 'counter', {
    name: 'meshgraph_subscription_events_dropped_total',
    help: 'Subscription results never delivered: their client was too slow and was disconnected.',
    read: figure((s) => s.eventsDropped),
  });
  observeMetric(registry, 'counter', {
    name: 'meshgraph_subscription_events_partial_total',
    help: 'Subscription results delivered with fields missing: a subgraph of their enrichment did not answer within the retry window.',
    read: figure((s) => s.eventsPartial),
  });
  observeMetric(registry, 'counter', {
    name: 'meshgraph_subscription_upstream_reconnects_total',
    help: 'Upstream subscriptions resumed after a lost connection to a subgraph.',
    read: figure((s) => s.upstreamReconnects),
  });
  observeMetric(registry, 'counter', {
    name: 'meshgraph_subscriptions_refused_total',
    help: 'Subscriptions refused by a limit (per_connection, total).',
    labelNames: ['limit'],
    read: () => Object.entries(subscriptionStats()?.refused ?? { per_connection: 0, total: 0 }).map(([limit, value]) => ({ labels: { limit }, value })),
  });
  return {
    /** The `GET /metrics` handler. */
    serve: serveMetrics(more.length > 0 ? Registry.merge([registry, ...more]) : registry),
    onResponse(path: string, status: number, seconds: number) {
      requests.inc({ path, status: String(status) });
      if (path === '/graphql') latency.observe(seconds);
    },
    onFetch: (subgraph: string) => (outcome: 'ok' | 'error') => fetches.inc({ outcome, subgraph }),
    onEstimatedCost: (cost: number, refused: boolean) => estimatedCost.observe({ outcome: refused ? 'refused' : 'accepted' }, cost),
    onActualCost: (cost: number) => actualCost.observe(cost),
    onRateLimited: (limit: string) => rateLimited.inc({ limit }),
    onSharedExecution: () => sharedExecutions.inc(),
  };
}
