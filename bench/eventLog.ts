/**
 * `npm run bench:streams`: the event log's append and consume throughput
 * (records/s) at several batch sizes, and the latency from append to delivery
 * to a live reader (p50/p99), for the embedded log and for kafkajs against the
 * Kafka-protocol test broker, in the same run.
 *
 * BENCH_RECORDS (records per batch-size run, default 20000), BENCH_LATENCY_SAMPLES (default 500).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../logger/index.ts';
import { createEmbeddedLog } from '../eventlog/embedded/index.ts';
import { createKafkaLog } from '../eventlog/kafka/index.ts';
import type { EventLog } from '../eventlog/index.ts';
import { startKafkaTestBroker } from '../test/support/kafkaBroker/index.ts';
import { percentiles, type Latency } from './support/measure.ts';

const records = Number(process.env['BENCH_RECORDS'] ?? 20_000);
const latencySamples = Number(process.env['BENCH_LATENCY_SAMPLES'] ?? 500);
const BATCH_SIZES = [1, 100, 1000];
const quiet = createLogger({ component: 'bench', level: 'silent' });
// A play-sized record (about 250 bytes), keyed by listener.
const record = (i: number) => ({
  key: `l-${i % 1000}`,
  value: JSON.stringify({ playId: `play-${i}`, listenerId: `l-${i % 1000}`, episodeId: `e-${i % 5000}`, podcastId: 'p-1', hostArtistId: 'a-1', secondsPlayed: 120, device: 'MOBILE', country: 'GB', occurredAt: new Date().toISOString() }),
  headers: { 'schema-version': '1', producer: 'bench' },
});

interface Figures {
  append: Record<number, number>;
  consume: number;
  latency: Latency;
}

async function measure(log: EventLog): Promise<Figures> {
  const append: Record<number, number> = {};
  let consumeTopic = '';
  for (const batch of BATCH_SIZES) {
    const topic = `bench.${randomUUID().slice(0, 8)}.v1`;
    await log.createTopic({ name: topic, partitions: 3 });
    // One record at a time is bounded by a durable write per append; send fewer.
    const count = batch === 1 ? Math.min(records, 2_000) : records;
    const started = performance.now();
    for (let i = 0; i < count; i += batch) await log.append(topic, Array.from({ length: Math.min(batch, count - i) }, (_, j) => record(i + j)));
    append[batch] = count / ((performance.now() - started) / 1000);
    if (batch === BATCH_SIZES.at(-1)) consumeTopic = topic;
  }

  const consumeStarted = performance.now();
  let read = 0;
  const reader = await log.read({ topic: consumeTopic, onBatch: (batch) => void (read += batch.length) });
  await reader.caughtUp;
  const consume = read / ((performance.now() - consumeStarted) / 1000);
  await reader.close();

  const topic = `bench.${randomUUID().slice(0, 8)}.v1`;
  await log.createTopic({ name: topic, partitions: 3 });
  const sentAt = new Map<string, number>();
  const delays: number[] = [];
  let arrived: (() => void) | undefined;
  const live = await log.read({
    topic,
    onBatch: (batch) => {
      const now = performance.now();
      for (const r of batch) {
        const id = r.value.toString();
        delays.push(now - (sentAt.get(id) ?? now));
      }
      arrived?.();
    },
  });
  await live.caughtUp;
  for (let i = 0; i < latencySamples; i++) {
    const id = `sample-${i}`;
    const delivered = new Promise<void>((resolve) => (arrived = resolve));
    sentAt.set(id, performance.now());
    await log.append(topic, [{ key: `l-${i}`, value: id }]);
    await delivered;
  }
  await live.close();
  return { append, consume, latency: percentiles(delays) };
}

const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-streams-'));
const results = new Map<string, Figures>();
try {
  process.stderr.write('  … embedded log\n');
  const embedded = await createEmbeddedLog({ dataDir, logger: quiet });
  results.set('embedded', await measure(embedded));
  await embedded.close();

  process.stderr.write('  … kafkajs against the Kafka-protocol test broker\n');
  const broker = await startKafkaTestBroker();
  const kafka = await createKafkaLog({ brokers: [broker.address], logger: quiet });
  results.set('kafkajs (test broker)', await measure(kafka));
  await kafka.close();
  await broker.close();
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const n = (value: number) => Math.round(value).toLocaleString('en-US').padStart(9);
const ms = (value: number) => value.toFixed(2).padStart(7);
console.log(`\nevent log: ${records} play-sized records (2,000 at batch size 1), 3 partitions; latency over ${latencySamples} appends to a live reader`);
console.log('log                        append rec/s  batch 1   batch 100  batch 1000 | consume rec/s | latency p50 ms  p99 ms');
for (const [name, f] of results) {
  console.log(`${name.padEnd(26)}              ${n(f.append[1]!)} ${n(f.append[100]!)} ${n(f.append[1000]!)} |     ${n(f.consume)} |        ${ms(f.latency.p50)} ${ms(f.latency.p99)}`);
}
const [embedded, kafka] = [results.get('embedded')!, results.get('kafkajs (test broker)')!];
console.log(`embedded vs kafkajs: append x${(embedded.append[1000]! / kafka.append[1000]!).toFixed(2)} (batch 1000), consume x${(embedded.consume / kafka.consume).toFixed(2)}, p50 latency x${(kafka.latency.p50 / embedded.latency.p50).toFixed(2)} lower`);
