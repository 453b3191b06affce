/**
 * `npm run bench:federation`: a federation benchmark in the shape of The
 * Guild's public gateway benchmark. Four subgraphs (accounts, inventory,
 * products, reviews: bench/federation/), one heavy query of about 88 KB
 * (bench/federation/heavyQuery.graphql), concurrent clients on kept-alive
 * connections for a fixed time; meshgraph and `@graphql-hive/gateway`, each
 * with its inbound deduplication off and on, and plain `@apollo/gateway`, each in
 * its own process on the same supergraph, alternated round after round. Each
 * gateway is pinned to core 0, the subgraphs and this load generator to core
 * 1 (`taskset`), when the machine allows it; while one gateway is measured,
 * the others are stopped (SIGSTOP), so that none collects its heap on the
 * measured one's core. meshgraph runs with the node
 * options its own start gives the gateway (bin/gatewayNodeOptions.ts); the
 * others with node's defaults.
 *
 * It prints per gateway requests/s, p50 and p99 latency, its CPU use while
 * loaded, its peak resident memory (VmHWM) at the end, ratios against
 * `@apollo/gateway`, and whether its answer is the same as Apollo's, byte for
 * byte (the first difference when not).
 *
 * BENCH_SECONDS (each gateway, each round; default 10), BENCH_CONCURRENCY
 * (default 50), BENCH_ROUNDS (default 3). BENCH_CPU_PROF (a folder):
 * each meshgraph row writes a CPU profile when it stops (`node --cpu-prof`),
 * in `dedupe-off/` and `dedupe-on/` there.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_NODE_OPTIONS } from '../bin/gatewayNodeOptions.ts';
import { cpuSeconds } from './federation/cpuSeconds.ts';
import { loadForSeconds, type LoadResult } from './federation/loadForSeconds.ts';
import { pinningUnavailable, pinToCore } from './federation/pinToCore.ts';
import { firstDifference } from './federation/firstDifference.ts';
import { HEAVY_QUERY_BODY, heavyQueryAnswer } from './federation/heavyQuery.ts';
import { startFederationSubgraphs } from './federation/startFederationSubgraphs.ts';
import { readCount, progress, ratio, createProcessTracker } from './support/benchSettings.ts';
import { forkService, type ForkedService } from './support/forkService.ts';
import { percentiles } from './support/measure.ts';
import { peakResidentMemory } from './support/residentMemory.ts';

const seconds = readCount('BENCH_SECONDS', 10);
const concurrency = readCount('BENCH_CONCURRENCY', 50);
const rounds = readCount('BENCH_ROUNDS', 3);
// The heavy query's estimated cost (353,640 with meshgraph's default list size of 20) passes meshgraph's default limit of 100,000.
const MESHGRAPH_MAX_COST = '1000000';
const cpuProfileDir = process.env['BENCH_CPU_PROF'];

/** A gateway measured: a `gatewayServer.ts` kind with its environment. */
interface Contender {
  label: string;
  kind: 'meshgraph' | 'apollo' | 'hive';
  env: NodeJS.ProcessEnv;
  /** Options to node before the entry. */
  nodeOptions?: string[];
}
/** Node's options for meshgraph: with a CPU profile in `<BENCH_CPU_PROF>/<folder>` when asked. */
const meshgraphNodeOptions = (folder: string) => [...GATEWAY_NODE_OPTIONS, ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProfileDir, folder)}`] : [])];
const CONTENDERS: readonly Contender[] = [
  { label: 'meshgraph, dedupe off', kind: 'meshgraph', env: { BENCH_MAX_COST: MESHGRAPH_MAX_COST, BENCH_INBOUND_DEDUPE: '0' }, nodeOptions: meshgraphNodeOptions('dedupe-off') },
  { label: 'meshgraph, dedupe on', kind: 'meshgraph', env: { BENCH_MAX_COST: MESHGRAPH_MAX_COST, BENCH_INBOUND_DEDUPE: '1' }, nodeOptions: meshgraphNodeOptions('dedupe-on') },
  { label: '@apollo/gateway', kind: 'apollo', env: {} },
  { label: 'Hive Gateway, dedupe off', kind: 'hive', env: { BENCH_INBOUND_DEDUPE: '0' } },
  { label: 'Hive Gateway, dedupe on', kind: 'hive', env: { BENCH_INBOUND_DEDUPE: '1' } },
];
const APOLLO = CONTENDERS[2]!;

/** The heavy query's answer from `url`, as sent. */
const answerOf = async (url: string) => (await heavyQueryAnswer(url)).text;

const unpinned = pinningUnavailable();
const [load1, load5] = loadavg();
console.log(
  `federation benchmark: the heavy query, ${concurrency} connections, ${seconds} s per gateway per round, ${rounds} alternating rounds; ` +
    `load average ${load1!.toFixed(2)} (1 min), ${load5!.toFixed(2)} (5 min) at the start`,
);
console.log(unpinned ? `not pinned to cores: ${unpinned}` : 'each gateway pinned to core 0; the subgraphs and the load generator to core 1');
const tracker = createProcessTracker();
if (!unpinned) pinToCore(process.pid, 1);
progress('starting accounts, inventory, products and reviews');
const subgraphs = tracker.track(await startFederationSubgraphs());
const gateways = new Map<Contender, ForkedService>();
const loads = new Map<Contender, LoadResult[]>(CONTENDERS.map((c) => [c, []]));
const cpu = new Map<Contender, number>(CONTENDERS.map((c) => [c, 0]));
// The other side's CPU time (subgraphs and load generator), to see whether they, not the gateway, were the limit.
const otherSide = new Map<Contender, number>(CONTENDERS.map((c) => [c, 0]));
const answers = new Map<Contender, string>();
const peaks = new Map<Contender, number>();
try {
  if (!unpinned) for (const { child } of subgraphs.processes) pinToCore(child.pid!, 1);
  const entry = fileURLToPath(new URL('./support/gatewayServer.ts', import.meta.url));
  for (const contender of CONTENDERS) {
    progress(`starting ${contender.label}`);
    const gateway = tracker.track(
      await forkService(contender.label, entry, [contender.kind, subgraphs.supergraphFile], { BENCH_SUBGRAPHS: JSON.stringify(subgraphs.endpoints), ...contender.env }, contender.nodeOptions),
    );
    gateways.set(contender, gateway);
    if (!unpinned) pinToCore(gateway.child.pid!, 0);
    answers.set(contender, await answerOf(gateway.url));
    // Warm-up as k6's setup does: twenty requests, then one concurrent second for the JIT.
    for (let i = 0; i < 20; i++) await answerOf(gateway.url);
    await loadForSeconds(gateway.url, HEAVY_QUERY_BODY, 1, concurrency);
  }
  // Rounds alternate the gateways, so drift on a shared machine touches all of them alike.
  for (let round = 1; round <= rounds; round++) {
    for (const contender of CONTENDERS) {
      progress(`round ${round}/${rounds}: ${contender.label}`);
      const pid = gateways.get(contender)!.child.pid!;
      // The others wait stopped: a gateway idle after its round still collects its heap, on the core of the one measured.
      for (const [other, { child }] of gateways) child.kill(other === contender ? 'SIGCONT' : 'SIGSTOP');
      const otherPids = [process.pid, ...subgraphs.processes.map((p) => p.child.pid!)];
      const otherCpu = () => otherPids.reduce((sum, p) => sum + cpuSeconds(p), 0);
      const cpuBefore = cpuSeconds(pid);
      const otherBefore = otherCpu();
      const result = await loadForSeconds(gateways.get(contender)!.url, HEAVY_QUERY_BODY, seconds, concurrency);
      cpu.set(contender, cpu.get(contender)! + cpuSeconds(pid) - cpuBefore);
      otherSide.set(contender, otherSide.get(contender)! + otherCpu() - otherBefore);
      if (result.failures) progress(`${contender.label}: ${result.failures} failed requests; the first: ${result.firstFailure}`);
      loads.get(contender)!.push(result);
    }
  }
  for (const [contender, gateway] of gateways) peaks.set(contender, await peakResidentMemory(gateway.child.pid!));
} finally {
  for (const { child } of gateways.values()) child.kill('SIGCONT');
  await Promise.all([...gateways.values()].map((g) => tracker.stop(g)));
  await tracker.stop(subgraphs);
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const summary = new Map(
  CONTENDERS.map((contender) => {
    const results = loads.get(contender)!;
    const elapsed = results.reduce((sum, r) => sum + r.seconds, 0);
    const durations = results.flatMap((r) => r.durations);
    const failures = results.reduce((sum, r) => sum + r.failures, 0);
    return [contender, { rps: durations.length / elapsed, latency: percentiles(durations), failures, cpu: cpu.get(contender)! / elapsed, otherCpu: otherSide.get(contender)! / elapsed, peak: peaks.get(contender)! }] as const;
  }),
);
const apollo = summary.get(APOLLO)!;
const apolloAnswer = answers.get(APOLLO)!;
console.log(`\nthe heavy query's answer from @apollo/gateway: ${apolloAnswer.length.toLocaleString('en')} bytes\n`);
console.log(`${''.padEnd(77)} | vs @apollo/gateway`);
console.log(`${'gateway'.padEnd(26)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'CPU'.padStart(5)} ${'other'.padStart(5)} ${'peak RSS'.padStart(9)} | ${'req/s'.padStart(6)} ${'p99'.padStart(6)} ${'RSS'.padStart(6)} | answer`);
for (const contender of CONTENDERS) {
  const s = summary.get(contender)!;
  const difference = firstDifference(apolloAnswer, answers.get(contender)!);
  console.log(
    `${contender.label.padEnd(26)} ${s.rps.toFixed(1).padStart(8)} ${s.latency.p50.toFixed(1).padStart(8)} ${s.latency.p99.toFixed(1).padStart(8)} ${`${(s.cpu * 100).toFixed(0)}%`.padStart(5)} ${`${(s.otherCpu * 100).toFixed(0)}%`.padStart(5)} ${megabytes(s.peak).padStart(9)} | ` +
      `${ratio(s.rps, apollo.rps).padStart(6)} ${ratio(s.latency.p99, apollo.latency.p99).padStart(6)} ${ratio(s.peak, apollo.peak).padStart(6)} | ` +
      `${difference ? `DIFFERS from Apollo's ${difference}` : "identical to Apollo's"}${s.failures ? `; ${s.failures} failed requests` : ''}`,
  );
}
// Each round's requests/s: how far one round swings from the next on this machine.
console.log(`\nrequests/s round by round:`);
for (const contender of CONTENDERS) console.log(`  ${contender.label.padEnd(26)} ${loads.get(contender)!.map((r) => (r.durations.length / r.seconds).toFixed(1)).join(' / ')}`);
console.log(
  `\nCPU: the gateway process's CPU time over the time it was loaded (100% = its one core busy); other: the subgraphs' and the load generator's together ` +
    `(on one core when pinned: near 100% there, they were the limit, not the gateway). Answers compared as sent, Apollo Server's trailing newline aside.`,
);
