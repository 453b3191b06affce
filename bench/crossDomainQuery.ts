/**
 * `npm run bench:query`: latency and throughput of the cross-domain query
 * (insights → podcasts → artists → listeners) through meshgraph, and through
 * plain `@apollo/gateway` and `@graphql-hive/gateway` on the same subgraphs in
 * the same run. Each gateway runs alone in its own process, one after another.
 *
 * Under load it sends the same request again and again (a popular
 * dashboard), then 100 distinct variable sets in rotation.
 *
 * BENCH_DEDUPE=0 measures meshgraph without in-flight deduplication.
 * BENCH_REQUESTS (sequential requests, default 300), BENCH_LOAD_REQUESTS
 * (requests under load, each workload, default 2000), BENCH_CONCURRENCY (default 16),
 * MESHGRAPH_SCALE (demo data size, default 1).
 */
import { fileURLToPath } from 'node:url';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService } from './support/forkService.ts';
import { sequentialLatency, throughput, timedRequest, type Latency } from './support/measure.ts';

const QUERY = /* GraphQL */ `
  query ChartsAcrossTheMesh($country: String!, $first: Int!) {
    topCharts(country: $country, first: $first) {
      edges {
        node {
          rank
          plays
          episode {
            title
            podcast { title host { name royalties { amount currency } } }
            plays(first: 3) { edges { node { device listener { country } } } }
          }
        }
      }
    }
  }
`;
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const requests = number('BENCH_REQUESTS', 300);
const loadRequests = number('BENCH_LOAD_REQUESTS', 2000);
const concurrency = number('BENCH_CONCURRENCY', 16);
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const GATEWAYS = ['meshgraph', 'apollo', 'hive'] as const;
const LABELS: Record<(typeof GATEWAYS)[number], string> = {
  meshgraph: 'meshgraph',
  apollo: '@apollo/gateway (plain)',
  hive: '@graphql-hive/gateway',
};

const COUNTRIES = ['US', 'GB', 'DE', 'BR', 'IN', 'FR', 'JP', 'SE', 'ES', 'MX', 'CA', 'AU', 'NL', 'IT', 'KR', 'NG', 'PL', 'AR', 'ZA', 'IE'];
const bodyFor = (country: string, first: number) => JSON.stringify({ query: QUERY, variables: { country, first } });
const body = bodyFor('GB', 5);
// Identical requests: what a popular dashboard sends; in-flight deduplication can share subgraph fetches.
const identical = () => body;
// Varied requests: 100 distinct variable sets in rotation, so sharing rarely applies.
const varied = (i: number) => bodyFor(COUNTRIES[i % COUNTRIES.length]!, 3 + (Math.floor(i / COUNTRIES.length) % 5));
const fmt = (ms: number) => ms.toFixed(2).padStart(7);
console.log(`cross-domain query, demo data scale ${scale}; ${requests} sequential requests, ${loadRequests} at concurrency ${concurrency}`);
const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
progress('starting the four demo subgraphs');
const demo = await startDemoSubgraphs({ MESHGRAPH_SCALE: scale });
type Load = Awaited<ReturnType<typeof throughput>>;
const results = new Map<string, { sequential: Latency; load: Load; variedLoad: Load }>();
try {
  for (const kind of GATEWAYS) {
    progress(`starting ${LABELS[kind]}`);
    const gateway = await forkService(kind, fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url)), [kind, demo.supergraphFile], {
      BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints),
    });
    try {
      // Warm-up: JIT, plan caches, connections, and every variant once, so the subgraphs'
      // lazily sorted views are built before the first gateway is measured, not during it.
      for (let i = 0; i < 150; i++) await timedRequest(gateway.url, i < 100 ? varied(i) : body);
      progress(`measuring ${LABELS[kind]}`);
      const sequential = await sequentialLatency(gateway.url, body, requests);
      const load = await throughput(gateway.url, identical, loadRequests, concurrency);
      const variedLoad = await throughput(gateway.url, varied, loadRequests, concurrency);
      results.set(kind, { sequential, load, variedLoad });
    } finally {
      await gateway.stop();
    }
  }
} finally {
  await demo.stop();
}

const ours = results.get('meshgraph')!;
console.log('\n                           sequential (one client) | identical requests, concurrent    | varied requests, concurrent');
console.log('gateway                     p50 ms  p90 ms  p99 ms |  req/s  p50 ms  p99 ms   ratio |  req/s  p50 ms  p99 ms   ratio');
for (const kind of GATEWAYS) {
  const { sequential: s, load, variedLoad } = results.get(kind)!;
  const loadColumns = (l: Load, base: Load) =>
    `${l.requestsPerSecond.toFixed(0).padStart(6)} ${fmt(l.latency.p50)} ${fmt(l.latency.p99)} ${(l.requestsPerSecond / base.requestsPerSecond).toFixed(2).padStart(6)}x`;
  console.log(`${LABELS[kind].padEnd(26)} ${fmt(s.p50)} ${fmt(s.p90)} ${fmt(s.p99)} | ${loadColumns(load, ours.load)} | ${loadColumns(variedLoad, ours.variedLoad)}`);
}
console.log('ratio: requests per second relative to meshgraph in the same run (above 1 means faster than meshgraph).');
