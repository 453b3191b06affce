/**
 * `npm run bench:eventlog-open`: how long the embedded log takes to open a
 * topic of BENCH_OPEN_RECORDS play-sized records (default 300000) in one
 * partition, after a clean close and after a crash (the last segment's
 * index never written), and how many bytes it scanned rather than read
 * through index files.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedLog } from '../eventlog/embedded/index.ts';

const records = Number(process.env['BENCH_OPEN_RECORDS'] ?? 300_000);
const TOPIC = 'podcasts.episode-plays.v1';
const play = (i: number) => ({
  key: `l-${i % 1000}`,
  value: JSON.stringify({ playId: `play-${i}`, listenerId: `l-${i % 1000}`, episodeId: `e-${i % 5000}`, podcastId: 'p-1', hostArtistId: 'a-1', secondsPlayed: 120, device: 'MOBILE', country: 'GB', occurredAt: new Date().toISOString() }),
  headers: { 'schema-version': '1', producer: 'podcasts' },
});

/** Opens the log, and reports the time to open, the end offset and the bytes scanned. */
async function timeOpen(dataDir: string): Promise<{ ms: number; end: number; scannedBytes: number | undefined }> {
  const started = performance.now();
  const log = await createEmbeddedLog({ dataDir });
  const ms = performance.now() - started;
  const [end] = await log.endOffsets(TOPIC);
  const stats = log.stats() as { scannedBytes?: number };
  await log.close();
  return { ms, end: end!, scannedBytes: stats.scannedBytes };
}

const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-open-'));
try {
  const log = await createEmbeddedLog({ dataDir });
  await log.createTopic({ name: TOPIC });
  for (let i = 0; i < records; i += 1000) await log.append(TOPIC, Array.from({ length: Math.min(1000, records - i) }, (_, j) => play(i + j)));
  await log.close();

  const runs = [await timeOpen(dataDir), await timeOpen(dataDir), await timeOpen(dataDir)];
  const best = runs.reduce((a, b) => (a.ms <= b.ms ? a : b));
  // As after kill -9: the last segment's index was never written.
  const partition = join(dataDir, 'topics', TOPIC, 'partition-0');
  const indexes = (await readdir(partition).catch(() => [] as string[])).filter((name) => name.endsWith('.index')).sort();
  if (indexes.length > 0) await rm(join(partition, indexes.at(-1)!));
  const crashed = await timeOpen(dataDir);
  const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`embedded log: open a topic of ${best.end} play-sized records in one partition (${indexes.length || 1} segment files)`);
  console.log(`  after a clean close: ${best.ms.toFixed(0)} ms (best of 3), scanned ${mb(best.scannedBytes)}`);
  console.log(`  after a crash (last segment not indexed): ${crashed.ms.toFixed(0)} ms, scanned ${mb(crashed.scannedBytes)}`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
