/**
 * `npm run bench:startup`: time from `meshgraph start` to a mesh that answers
 * (the banner). The first run starts from an empty data folder (the history is
 * written to the event log); the next BENCH_RUNS - 1 restart on that log.
 * MESHGRAPH_SCALE sets the data size (default 1).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentiles } from './support/measure.ts';

const runs = Math.max(2, Number(process.env['BENCH_RUNS'] ?? 4));
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-startup-'));

async function startOnce(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/meshgraph.ts', 'start'], {
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

try {
  const first = await startOnce();
  console.log(`first start (empty data folder, history written to the log): ${(first / 1000).toFixed(2)} s`);
  const restarts: number[] = [];
  for (let run = 2; run <= runs; run++) {
    restarts.push(await startOnce());
    console.log(`restart ${run - 1}: ${(restarts.at(-1)! / 1000).toFixed(2)} s`);
  }
  const { p50 } = percentiles(restarts);
  console.log(`scale ${scale}: first start ${(first / 1000).toFixed(2)} s; restart median ${(p50 / 1000).toFixed(2)} s over ${restarts.length} (min ${(Math.min(...restarts) / 1000).toFixed(2)} s, max ${(Math.max(...restarts) / 1000).toFixed(2)} s)`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
