/**
 * `npm run bench:shared-append`: append throughput (records/s) of one
 * embedded topic, 3 partitions, play-sized records, each appender process
 * running BENCH_LOOPS (default 8) concurrent append loops, at batch sizes 1
 * and 100: one process on a topic it holds the lock of (the default), one
 * process on a shared-append topic (a lock turn per group-commit round), and
 * two processes appending to one shared-append topic at once (gateway
 * replicas on one data folder).
 *
 * BENCH_RECORDS (records per process and run, default 20000; 2,000 at batch size 1).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmbeddedLog } from '../eventlog/embedded/index.ts';

const records = Number(process.env['BENCH_RECORDS'] ?? 20_000);
const loops = Number(process.env['BENCH_LOOPS'] ?? 8);
const BATCH_SIZES = [1, 100];
const CHILD = fileURLToPath(new URL('./support/sharedAppender.ts', import.meta.url));

/** Starts `processes` appenders on one topic, lets them go at once; records/s over all of them, and the topic's record count. */
async function run(dataDir: string, topic: string, processes: number, batch: number, mode: 'shared' | 'exclusive'): Promise<{ perSecond: number; held: number }> {
  const count = batch === 1 ? Math.min(records, 2_000) : records;
  const children = Array.from({ length: processes }, () =>
    fork(CHILD, [dataDir, topic, String(count), String(batch), String(loops), mode], { execArgv: ['--import', 'tsx'] }),
  );
  try {
    const messages = children.map((child) => {
      const ready = new Promise<void>((resolve) => child.once('message', () => resolve()));
      const done = ready.then(() => once(child, 'message'));
      return { ready, done };
    });
    await Promise.all(messages.map((message) => message.ready));
    const started = performance.now();
    for (const child of children) child.send('go');
    await Promise.all(messages.map((message) => message.done));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    const log = await createEmbeddedLog({ dataDir });
    const held = (await log.endOffsets(topic)).reduce((a, b) => a + b, 0);
    await log.close();
    if (held !== processes * count) throw new Error(`${topic} holds ${held} records, not ${processes * count}`);
    return { perSecond: (processes * count) / seconds, held };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-shared-'));
const rows: Array<[string, Record<number, number>]> = [];
try {
  const setups = [
    ['one process, lock held', 1, 'exclusive'],
    ['one process, shared-append', 1, 'shared'],
    ['two processes, shared-append', 2, 'shared'],
  ] as const;
  for (const [name, processes, mode] of setups) {
    process.stderr.write(`  … ${name}\n`);
    const figures: Record<number, number> = {};
    for (const batch of BATCH_SIZES) figures[batch] = (await run(dataDir, `bench.${mode}.${processes}.${batch}.v1`, processes, batch, mode)).perSecond;
    rows.push([name, figures]);
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const n = (value: number) => Math.round(value).toLocaleString('en-US').padStart(9);
console.log(`\nshared append: ${records} play-sized records per process (2,000 at batch size 1), 3 partitions, ${loops} append loops per process`);
console.log('appenders                      append rec/s  batch 1  batch 100');
for (const [name, figures] of rows) console.log(`${name.padEnd(30)}              ${n(figures[1]!)} ${n(figures[100]!)}`);
