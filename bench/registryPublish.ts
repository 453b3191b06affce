/**
 * `npm run bench:publish`: how long a publication takes to reach every
 * gateway replica. The four demo domains run in processes of their own; the
 * registry starts with them published; then 2, and then 4, `meshgraph
 * gateway` replicas (processes on one data folder) serve from it. Each round
 * republishes insights with a new version to the first replica (POST
 * /registry/subgraphs, as `meshgraph publish` does) and asks every replica's
 * `GET /registry/subgraphs` until it lists that version: a replica lists it
 * in the step where it hands the new supergraph to Apollo and the
 * subscription engine, so that is when it serves it. Prints the publication's
 * answer time and the time until every replica serves it (p50, p99).
 *
 * BENCH_ROUNDS (publications per replica count, default 20), BENCH_REPLICAS
 * (default 2,4).
 */
import { fileURLToPath } from 'node:url';
import { readDemoPublications } from '../bin/publishDemoMesh.ts';
import { DEMO_CONSUMERS } from '../demo/index.ts';
import { openEventLog } from '../eventlog/index.ts';
import { loadMeshPolicy } from '../governance/policy/index.ts';
import { createLogger } from '../logger/index.ts';
import { createMeshRegistry, REGISTRY_PATH } from '../registry/index.ts';
import { progress, readCount, readCounts } from './support/benchSettings.ts';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService, type ForkedService } from './support/forkService.ts';
import { percentiles } from './support/measure.ts';

const CLI = fileURLToPath(new URL('../bin/meshgraph.ts', import.meta.url));
const rounds = readCount('BENCH_ROUNDS', 20);
const replicaCounts = readCounts('BENCH_REPLICAS', '2,4');

const domains = await startDemoSubgraphs({});
const env = { MESHGRAPH_DATA_DIR: domains.dataDir };
const logger = createLogger({ component: 'bench', level: 'warn' });
let replicas: ForkedService[] = [];
try {
  // The mesh's first publication, straight to the registry: a replica only says it is ready once it serves something.
  const { publications, authorization } = await readDemoPublications(domains.endpoints, env, '0');
  const log = await openEventLog({ kind: 'embedded', dataDir: domains.dataDir }, logger, { principal: 'governance' });
  const registry = createMeshRegistry({ log, policy: loadMeshPolicy(env), logger });
  const first = await registry.publish(DEMO_CONSUMERS['governance'], publications);
  await registry.close();
  await log.close();
  if (!first.published) throw new Error(`The demo domains were refused: ${JSON.stringify(first.reports)}`);
  const insights = publications.find((p) => p.name === 'insights')!;

  const versionOf = async (replica: ForkedService) => {
    const response = await fetch(new URL(REGISTRY_PATH, replica.url), { headers: { authorization } });
    const { subgraphs } = (await response.json()) as { subgraphs: { name: string; version: string }[] };
    return subgraphs.find((s) => s.name === 'insights')?.version;
  };
  let version = 0;
  const lines: string[] = [];
  for (const count of replicaCounts) {
    progress(`${count} replicas`);
    replicas = await Promise.all(Array.from({ length: count }, (_, i) => forkService(`replica-${i}`, CLI, ['gateway'], env)));
    const answered: number[] = [];
    const everywhere: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      const next = String(++version);
      const started = performance.now();
      const post = () =>
        fetch(new URL(REGISTRY_PATH, replicas[0]!.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ ...insights, version: next }) });
      // A keep-alive connection the server closed as the request left is not retried by fetch for a POST: once here.
      const publishing = post()
        .catch((error: { cause?: { code?: string } }) => (error.cause?.code === 'UND_ERR_SOCKET' ? post() : Promise.reject(error)))
        .then(async (response) => {
        if (!response.ok) throw new Error(`The publication was refused: HTTP ${response.status} ${await response.text()}`);
        return performance.now() - started;
      });
      const served = await Promise.all(
        replicas.map(async (replica) => {
          // 2 ms between looks: a resolution well under the times measured, without starving the replicas of the two cores.
          while ((await versionOf(replica)) !== next) await new Promise((resolve) => setTimeout(resolve, 2));
          return performance.now() - started;
        }),
      );
      const answer = await publishing;
      // The first round warms up each replica's code paths.
      if (round === 0) continue;
      answered.push(answer);
      everywhere.push(Math.max(...served));
    }
    await Promise.all(replicas.map((r) => r.stop()));
    replicas = [];
    const a = percentiles(answered);
    const e = percentiles(everywhere);
    lines.push(`  ${String(count).padStart(2)} replicas   publish answered p50 ${a.p50.toFixed(0)} ms, p99 ${a.p99.toFixed(0)} ms   every replica serving p50 ${e.p50.toFixed(0)} ms, p99 ${e.p99.toFixed(0)} ms`);
    progress(lines[lines.length - 1]!.trim());
  }
  process.stdout.write(`\nTime from a publication to every gateway replica serving it (${rounds} publications of insights, the demo mesh, replicas on one embedded log)\n${lines.join('\n')}\n`);
} finally {
  await Promise.all(replicas.map((r) => r.stop()));
  await domains.stop();
}
