/**
 * `npm run bench:query`: latency and throughput of the cross-domain query
 * (insights → podcasts → artists → listeners) through meshgraph, and through
 * plain `@apollo/gateway` and `@graphql-hive/gateway` on the same subgraphs in
 * the same run. Each gateway runs in its own process.
 *
 * Under load it sends the same request again and again (a popular
 * dashboard), then 100 distinct variable sets in rotation.
 *
 * BENCH_ROUNDS (default 3): the gateways are measured in turn, round after
 * round, and each one's samples pooled. BENCH_DEDUPE=0 measures meshgraph without in-flight deduplication.
 * BENCH_REQUESTS (sequential requests, default 300), BENCH_LOAD_REQUESTS
 * (requests under load, each workload, default 2000), BENCH_CONCURRENCY (default 16),
 * MESHGRAPH_SCALE (demo data size, default 1).
 */
import { fileURLToPath } from 'node:url';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService } from './support/forkService.ts';
import { percentiles, throughput, timedRequest } from './support/measure.ts';
import { chartsQueryBody } from './support/benchQueries.ts';

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
const bodyFor = chartsQueryBody;
const body = bodyFor('GB', 5);
// Identical requests: what a popular dashboard sends; in-flight deduplication can share subgraph fetches.
const identical = () => body;
// Varied requests: 100 distinct variable sets in rotation, so sharing rarely applies.
const varied = (i: number) => bodyFor(COUNTRIES[i % COUNTRIES.length]!, 3 + (Math.floor(i / COUNTRIES.length) % 5));
const fmt = (ms: number) => ms.toFixed(2).padStart(7);
console.log(`cross-domain query, demo data scale ${scale}; per gateway ${requests} sequential requests and ${loadRequests} per workload at concurrency ${concurrency}, over ${number('BENCH_ROUNDS', 3)} alternating rounds`);
const progress = (line: string) => process.stderr.write(`  … ${line}\n`);
progress('starting the four demo subgraphs');
const rounds = number('BENCH_ROUNDS', 3);
const demo = await startDemoSubgraphs({ MESHGRAPH_SCALE: scale });
type Load = Awaited<ReturnType<typeof throughput>>;
const samples = new Map<string, { sequential: number[]; load: Load[]; variedLoad: Load[] }>();
try {
  // Every gateway runs in its own process for the whole run; an idle one costs nothing.
  const gateways = [];
  for (const kind of GATEWAYS) {
    progress(`starting ${LABELS[kind]}`);
    const gateway = await forkService(kind, fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url)), [kind, demo.supergraphFile], {
      BENCH_SUBGRAPHS: JSON.stringify(demo.endpoints),
      BENCH_AUTHORIZATION: demo.authorization,
    });
    gateways.push({ kind, gateway });
    samples.set(kind, { sequential: [], load: [], variedLoad: [] });
  }
  try {
    for (const { gateway } of gateways) {
      // Warm-up: JIT, plan caches, connections, and every variant once, so the subgraphs'
      // lazily sorted views are built before anything is measured.
      for (let i = 0; i < 150; i++) await timedRequest(gateway.url, i < 100 ? varied(i) : body);
    }
    // Rounds alternate the gateways, so drift on a shared machine touches all of them alike.
    for (let round = 1; round <= rounds; round++) {
      for (const { kind, gateway } of gateways) {
        progress(`round ${round}/${rounds}: ${LABELS[kind]}`);
        const mine = samples.get(kind)!;
        for (let i = 0; i < Math.ceil(requests / rounds); i++) mine.sequential.push(await timedRequest(gateway.url, body));
        mine.load.push(await throughput(gateway.url, identical, Math.ceil(loadRequests / rounds), concurrency));
        mine.variedLoad.push(await throughput(gateway.url, varied, Math.ceil(loadRequests / rounds), concurrency));
      }
    }
  } finally {
    await Promise.all(gateways.map(({ gateway }) => gateway.stop()));
  }
} finally {
  await demo.stop();
}

/** Pools the rounds of one workload: total requests over total time, latency percentiles of every request. */
const pooled = (loads: readonly Load[]): Load => ({
  requestsPerSecond: loads.reduce((sum, l) => sum + l.requests, 0) / loads.reduce((sum, l) => sum + l.seconds, 0),
  latency: percentiles(loads.flatMap((l) => l.durations)),
  requests: loads.reduce((sum, l) => sum + l.requests, 0),
  seconds: loads.reduce((sum, l) => sum + l.seconds, 0),
  durations: loads.flatMap((l) => l.durations),
});
const results = new Map(
  [...samples].map(([kind, s]) => [kind, { sequential: percentiles(s.sequential), load: pooled(s.load), variedLoad: pooled(s.variedLoad) }] as const),
);

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
