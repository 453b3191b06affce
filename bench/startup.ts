/**
 * `npm run bench:startup`: time from `meshgraph start` to a mesh that answers
 * (the banner), at the default data size, over BENCH_RUNS runs (default 3).
 */
import { spawn } from 'node:child_process';
import { percentiles } from './support/measure.ts';

const runs = Number(process.env['BENCH_RUNS'] ?? 3);
const scale = process.env['MESHGRAPH_SCALE'] ?? '1';
const times: number[] = [];
for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/meshgraph.ts', 'start'], {
    env: { ...process.env, MESHGRAPH_PORT_BASE: '0', MESHGRAPH_SCALE: scale, MESHGRAPH_LOG_LEVEL: 'warn' },
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
  times.push(elapsed);
  console.log(`run ${run}: ready in ${(elapsed / 1000).toFixed(2)} s`);
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}
const { p50 } = percentiles(times);
console.log(`median start-up at scale ${scale}: ${(p50 / 1000).toFixed(2)} s over ${runs} runs (min ${(Math.min(...times) / 1000).toFixed(2)} s, max ${(Math.max(...times) / 1000).toFixed(2)} s)`);
