/**
 * `npm run bench:query`: latency and throughput of the cross-domain query
 * (insights → podcasts → artists → listeners) through meshgraph, and through
 * plain `@apollo/gateway` and `@graphql-hive/gateway` on the same subgraphs in
 * the same run. Each gateway runs alone in its own process, one after another.
 *
 * BENCH_REQUESTS (sequential requests, default 300), BENCH_LOAD_REQUESTS
 * (requests under load, default 2000), BENCH_CONCURRENCY (default 16),
 * MESHGRAPH_SCALE (demo data size, default 1).
 */
import { fileURLToPath } from 'node:url';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService } from './support/forkService.ts';
import { sequentialLatency, throughput, timedRequest, type Latency } from './support/measure.ts';

const QUERY = /* GraphQL */ `
  query ChartsAcrossTheMesh {
    topCharts(country: "GB", first: 5) {
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

const body = JSON.stringify({ query: QUERY });
const fmt = (ms: number) => ms.toFixed(2).padStart(7);
console.log(`cross-domain query, demo data scale ${scale}; ${requests} sequential requests, ${loadRequests} at concurrency ${concurrency}`);
const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
progress('starting the four demo subgraphs');
const demo = await startDemoSubgraphs({ MESHGRAPH_SCALE: scale });
const results = new Map<string, { sequential: Latency; load: Awaited<ReturnType<typeof throughput>> }>();
try {
  for (const kind of GATEWAYS) {
    progress(`starting ${LABELS[kind]}`);
    const gateway = await forkService(kind, fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url)), [kind, demo.supergraphFile], {
      BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints),
    });
    try {
      for (let i = 0; i < 50; i++) await timedRequest(gateway.url, body); // warm-up: JIT, plan caches, connections
      progress(`measuring ${LABELS[kind]}`);
      const sequential = await sequentialLatency(gateway.url, body, requests);
      const load = await throughput(gateway.url, body, loadRequests, concurrency);
      results.set(kind, { sequential, load });
    } finally {
      await gateway.stop();
    }
  }
} finally {
  await demo.stop();
}

const ours = results.get('meshgraph')!;
console.log('\ngateway                      p50 ms  p90 ms  p99 ms | under load: req/s   p50 ms  p99 ms | req/s vs meshgraph');
for (const kind of GATEWAYS) {
  const { sequential: s, load } = results.get(kind)!;
  const ratio = load.requestsPerSecond / ours.load.requestsPerSecond;
  console.log(
    `${LABELS[kind].padEnd(26)} ${fmt(s.p50)} ${fmt(s.p90)} ${fmt(s.p99)} |        ${load.requestsPerSecond.toFixed(0).padStart(6)} ${fmt(load.latency.p50)} ${fmt(load.latency.p99)} | ${ratio.toFixed(2)}x`,
  );
}
