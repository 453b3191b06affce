/**
 * `npm run bench:startup`: how long meshgraph takes to start.
 *
 * BENCH_TARGET=mesh (the default): time from `meshgraph start` to a mesh that
 * answers (the banner). The first run starts from an empty data folder (the
 * history is written to the event log); the next BENCH_RUNS - 1 restart on
 * that log. BENCH_RUNTIME=compiled (the default) runs what `npm start` runs,
 * the compiled JavaScript with plain node (built first if the sources
 * changed); BENCH_RUNTIME=tsx runs the TypeScript sources with the tsx loader.
 *
 * BENCH_TARGET=gateway: the gateway alone, against the four demo domains
 * started once beforehand: time from spawning `meshgraph gateway` to its ready
 * message (listening, subgraphs composed), under tsx and compiled, alternated
 * in one run (BENCH_RUNS each), so a busy machine weighs on both alike.
 *
 * MESHGRAPH_SCALE sets the data size (default 1).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoSubgraphs } from './support/demoSubgraphs.ts';
import { forkService } from './support/forkService.ts';
import { percentiles } from './support/measure.ts';

type Runtime = 'compiled' | 'tsx';

const runs = Math.max(2, Number(process.env['BENCH_RUNS'] ?? 4));
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const target = process.env['BENCH_TARGET'] ?? 'mesh';
const runtime = (process.env['BENCH_RUNTIME'] ?? 'compiled') as Runtime;
const ENTRY: Record<Runtime, string> = {
  compiled: fileURLToPath(new URL('../dist/bin/meshgraph.js', import.meta.url)),
  tsx: fileURLToPath(new URL('../bin/meshgraph.ts', import.meta.url)),
};
const EXEC_ARGV: Record<Runtime, string[]> = { compiled: [], tsx: ['--import', 'tsx'] };
if (!(runtime in ENTRY)) throw new Error(`BENCH_RUNTIME must be "compiled" or "tsx", but is ${JSON.stringify(runtime)}.`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** As `npm start` does before it runs dist/: not part of the time measured. */
function buildIfStale(): void {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
}

/** Median, min and max of durations (ms), as one line. */
function summary(durations: readonly number[]): string {
  return `median ${seconds(percentiles(durations).p50)} over ${durations.length} (min ${seconds(Math.min(...durations))}, max ${seconds(Math.max(...durations))})`;
}

async function startMeshOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...EXEC_ARGV[runtime], ENTRY[runtime], 'start'], {
    env: { ...process.env, MESHGRAPH_PORT_BASE: '0', MESHGRAPH_SCALE: scale, MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('meshgraph is up')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`meshgraph start exited with ${code}`)));
  });
  const elapsed = performance.now() - started;
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
  return elapsed;
}

async function benchMesh(): Promise<void> {
  if (runtime === 'compiled') buildIfStale();
  const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-startup-'));
  try {
    const first = await startMeshOnce(dataDir);
    console.log(`first start (empty data folder, history written to the log): ${seconds(first)}`);
    const restarts: number[] = [];
    for (let run = 2; run <= runs; run++) {
      restarts.push(await startMeshOnce(dataDir));
      console.log(`restart ${run - 1}: ${seconds(restarts.at(-1)!)}`);
    }
    console.log(`${runtime}, scale ${scale}: first start ${seconds(first)}; restart ${summary(restarts)}`);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function benchGateway(): Promise<void> {
  buildIfStale();
  const subgraphs = await startDemoSubgraphs({ MESHGRAPH_SCALE: scale });
  // The domains' data folder holds the key the gateway signs its token to them with.
  const env = { MESHGRAPH_SUBGRAPHS: subgraphs.endpoints.map(({ name, url }) => `${name}=${url}`).join(','), MESHGRAPH_DATA_DIR: subgraphs.dataDir };
  const times: Record<Runtime, number[]> = { compiled: [], tsx: [] };
  try {
    for (let run = 0; run < runs; run++) {
      // ABBA: neither runtime always goes first.
      for (const kind of (run % 2 === 0 ? ['tsx', 'compiled'] : ['compiled', 'tsx']) as Runtime[]) {
        const started = performance.now();
        const gateway = await forkService(`gateway (${kind})`, ENTRY[kind], ['gateway'], env);
        times[kind].push(performance.now() - started);
        await gateway.stop();
        console.log(`${kind.padEnd(8)} gateway ready in ${seconds(times[kind].at(-1)!)}`);
      }
    }
  } finally {
    await subgraphs.stop();
  }
  const ratio = percentiles(times.tsx).p50 / percentiles(times.compiled).p50;
  console.log(`gateway ready, scale ${scale}: tsx ${summary(times.tsx)}; compiled ${summary(times.compiled)}; compiled starts ${ratio.toFixed(2)}x as fast (median)`);
}

switch (target) {
  case 'mesh':
    await benchMesh();
    break;
  case 'gateway':
    await benchGateway();
    break;
  default:
    throw new Error(`BENCH_TARGET must be "mesh" or "gateway", but is ${JSON.stringify(target)}.`);
}
