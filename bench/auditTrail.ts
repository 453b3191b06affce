/**
 * `npm run bench:audit`: what auditing costs. Appends access records through
 * the audit trail on the embedded log, the way the gateway does (one
 * `record()` per operation and data product, many requests between two
 * turns of the event loop): records appended per second, the mean batch (records
 * per append), and the time one `record()` takes a request (p50/p99, µs).
 *
 * BENCH_RECORDS (records in all, default 100000), BENCH_PER_TICK (records
 * given between two turns of the event loop, default 200), BENCH_MAX_BATCH
 * (the trail's `maxBatch`, default 500).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createEmbeddedLog } from '../eventlog/embedded/index.ts';
import type { AccessRecord } from '../governance/AccessDecision.ts';
import { createAuditTrail } from '../governance/audit/index.ts';
import { createLogger } from '../logger/index.ts';
import { percentiles } from './support/measure.ts';

const records = Number(process.env['BENCH_RECORDS'] ?? 100_000);
const perTick = Number(process.env['BENCH_PER_TICK'] ?? 200);
const maxBatch = Number(process.env['BENCH_MAX_BATCH'] ?? 500);
const quiet = createLogger({ component: 'bench', level: 'silent' });
const PRODUCTS = ['urn:meshgraph:listeners:listener-profiles:v1', 'urn:meshgraph:podcasts:episode-plays:v1', 'urn:meshgraph:insights:top-charts:v1'];

// An access record as the gateway writes it for a masked read of listener-profiles (about 400 bytes).
const access = (i: number): AccessRecord => ({
  at: new Date().toISOString(),
  consumer: i % 3 === 0 ? 'analyst' : 'charts-web',
  urn: PRODUCTS[i % PRODUCTS.length]!,
  fields: ['Listener.id', 'Listener.email', 'Listener.country', 'Listener.birthYear'],
  restricted: [
    { field: 'Listener.email', decision: 'masked', rule: 'pii-needs-purpose' },
    { field: 'Listener.birthYear', decision: 'masked', rule: 'pii-needs-purpose' },
  ],
  decision: 'masked',
  path: 'query',
  operationName: 'ListenerEmails',
  operationHash: 'a3f1c2e4b5d6978812aa34bc56de78f90a1b2c3d4e5f60718293a4b5c6d7e8f9',
});

const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-audit-'));
try {
  const log = await createEmbeddedLog({ dataDir, logger: quiet });
  const trail = createAuditTrail({ log, logger: quiet, maxQueued: records, maxBatch });
  await trail.ready;
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < records; i++) {
    const before = performance.now();
    trail.record(access(i));
    durations.push((performance.now() - before) * 1_000);
    if (i % perTick === perTick - 1) await nextTurn();
  }
  const given = performance.now();
  await trail.flush();
  const seconds = (performance.now() - started) / 1_000;
  const stats = trail.stats();
  await trail.close();
  await log.close();

  const latency = percentiles(durations);
  console.log(`\naudit trail on the embedded log: ${records.toLocaleString('en-US')} access records, ${perTick} per turn of the event loop, batches of up to ${maxBatch} records after 50 ms`);
  console.log(`appended          ${stats.appended.toLocaleString('en-US')} records in ${seconds.toFixed(2)} s: ${Math.round(stats.appended / seconds).toLocaleString('en-US')} records/s (all given in ${((given - started) / 1_000).toFixed(2)} s)`);
  console.log(`batches           ${stats.batches.toLocaleString('en-US')} appends, ${(stats.appended / stats.batches).toFixed(1)} records per append on average`);
  console.log(`record()          p50 ${latency.p50.toFixed(2)} µs, p99 ${latency.p99.toFixed(2)} µs, mean ${latency.mean.toFixed(2)} µs`);
  console.log(`dropped           ${stats.dropped}`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
