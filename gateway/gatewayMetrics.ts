import { createMetricsRegistry } from '../server/index.ts';
import type { SubgraphDataSource } from './SubgraphDataSource.ts';
import type { SubscriptionStats } from './subscriptions/index.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The gateway's metrics, served on `GET /metrics` in Prometheus text format. */
export function createGatewayMetrics(dataSources: ReadonlyMap<string, SubgraphDataSource>, subscriptionStats: () => SubscriptionStats | undefined) {
  const registry = createMetricsRegistry();
  const requests = registry.counter('meshgraph_http_requests_total', 'HTTP requests answered, by path and status.');
  const latency = registry.histogram('meshgraph_graphql_request_duration_seconds', 'Time to answer a GraphQL request over HTTP.', LATENCY_BUCKETS);
  const fetches = registry.counter('meshgraph_subgraph_fetches_total', 'Fetches from subgraphs, by subgraph and outcome (ok, error).');
  const sources = () => [...dataSources.values()];
  registry.counterFrom('meshgraph_subgraph_fetches_shared_total', 'Subgraph fetches that shared an identical query already in flight.', () =>
    sources().map((source) => ({ labels: { subgraph: source.name }, value: source.sharedFetches() })),
  );
  registry.gauge('meshgraph_subgraph_up', 'Whether the last fetch from the subgraph got an answer (1) or not (0).', () =>
    sources().map((source) => ({ labels: { subgraph: source.name }, value: source.state === 'up' ? 1 : 0 })),
  );
  const figure = (read: (stats: SubscriptionStats) => number) => () => {
    const stats = subscriptionStats();
    return [{ value: stats ? read(stats) : 0 }];
  };
  registry.gauge('meshgraph_subscriptions_open', 'Open client subscriptions (over WebSocket).', figure((s) => s.clientSubscriptions));
  registry.gauge('meshgraph_subscriptions_upstream', 'Open subscriptions of the gateway to subgraphs; clients of the same stream share one.', figure((s) => s.upstreamSubscriptions));
  registry.counterFrom('meshgraph_subscription_events_delivered_total', 'Subscription results handed to client connections.', figure((s) => s.eventsDelivered));
  registry.counterFrom('meshgraph_subscription_events_dropped_total', 'Subscription results never delivered: their client was too slow and was disconnected.', figure((s) => s.eventsDropped));
  registry.counterFrom('meshgraph_subscription_upstream_reconnects_total', 'Upstream subscriptions resumed after a lost connection to a subgraph.', figure((s) => s.upstreamReconnects));
  registry.counterFrom('meshgraph_subscriptions_refused_total', 'Subscriptions refused by a limit (per_connection, total).', () => {
    const refused = subscriptionStats()?.refused ?? { per_connection: 0, total: 0 };
    return Object.entries(refused).map(([limit, value]) => ({ labels: { limit }, value }));
  });
  registry.gauge('process_resident_memory_bytes', 'Resident memory of the gateway process.', () => [{ value: process.memoryUsage().rss }]);
  registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => [{ value: process.memoryUsage().heapUsed }]);
  return {
    render: () => registry.render(),
    onResponse(path: string, status: number, seconds: number) {
      requests.inc({ path, status: String(status) });
      if (path === '/graphql') latency.observe(seconds);
    },
    onFetch: (subgraph: string) => (outcome: 'ok' | 'error') => fetches.inc({ subgraph, outcome }),
  };
}
