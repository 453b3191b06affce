import { createMetricsRegistry } from '../server/index.ts';
import type { SubgraphDataSource } from './SubgraphDataSource.ts';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The gateway's metrics, served on `GET /metrics` in Prometheus text format. */
export function createGatewayMetrics(dataSources: ReadonlyMap<string, SubgraphDataSource>) {
  const registry = createMetricsRegistry();
  const requests = registry.counter('meshgraph_http_requests_total', 'HTTP requests answered, by path and status.');
  const latency = registry.histogram('meshgraph_graphql_request_duration_seconds', 'Time to answer a GraphQL request over HTTP.', LATENCY_BUCKETS);
  const fetches = registry.counter('meshgraph_subgraph_fetches_total', 'Fetches from subgraphs, by subgraph and outcome (ok, error).');
  const sources = () => [...dataSources.values()];
  registry.gauge('meshgraph_subgraph_fetches_shared_total', 'Subgraph fetches that shared an identical query already in flight.', () =>
    sources().map((source) => ({ labels: { subgraph: source.name }, value: source.sharedFetches() })),
  );
  registry.gauge('meshgraph_subgraph_up', 'Whether the last fetch from the subgraph got an answer (1) or not (0).', () =>
    sources().map((source) => ({ labels: { subgraph: source.name }, value: source.state === 'up' ? 1 : 0 })),
  );
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
