import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog, type EmbeddedLog, type EmbeddedLogOptions } from '../../eventlog/embedded/index.ts';
import type { LogRecord, StartFrom } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { segmentFiles } from './support/segmentFiles.ts';

const TOPIC = 'podcasts.episode-plays.v1';
const SEGMENT_BYTES = 4096;
/** A play of about 60 bytes framed: 4096-byte segments hold about 60. */
const plays = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ key: `l-${(from + i) % 7}`, value: `play-${from + i}` }));

describe('the embedded log keeps partitions in segments', () => {
  const leftovers = useLeftovers();
  const tempDir = async () => leftovers.track(await createTempDir('meshgraph-segments-')).path;
  const open = async (dataDir: string, options: Partial<EmbeddedLogOptions> = {}) => {
    const logger = captureLogger('embedded');
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger, segmentBytes: SEGMENT_BYTES, ...options }));
    return Object.assign(log, { lines: logger.lines });
  };
  const readAll = async (log: EmbeddedLog, from?: StartFrom) => {
    const { reader, records } = await collectRecords(log, { topic: TOPIC, ...(from ? { from } : {}) });
    await reader.caughtUp;
    await reader.close();
    return records;
  };
  const appendPlays = async (log: EmbeddedLog, count: number, batch = 50) => {
    for (let i = 0; i < count; i += batch) await log.append(TOPIC, plays(i, Math.min(batch, count - i)));
  };
  const offsetsAndValues = (records: readonly LogRecord[]) => records.map((r) => `${r.offset}:${r.value.toString()}`);
  const sizeOf = async (path: string) => (await stat(path)).size;

  it('rolls segments at segmentBytes, and a reopen reads their indexes instead of scanning them; a bad index is rebuilt', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC });
    await appendPlays(log, 600);
    const written = offsetsAndValues(await readAll(log));
    await log.close();

    const segments = await segmentFiles(dataDir, TOPIC, 0);
    expect(segments.length).toBeGreaterThan(5);
    for (const segment of segments.slice(0, -1)) expect(await sizeOf(segment)).toBeLessThan(SEGMENT_BYTES + 50 * 64);
    // Each segment is named by its first offset.
    const bases = segments.map((path) => Number(basename(path, '.log')));
    expect(bases[0]).toBe(0);
    expect(bases).toEqual([...bases].sort((a, b) => a - b));

    const reopened = await open(dataDir);
    expect(reopened.stats().scannedBytes).toBe(0);
    expect(await reopened.endOffsets(TOPIC)).toEqual([600]);
    expect(offsetsAndValues(await readAll(reopened))).toEqual(written);
    await reopened.close();

    // An index is an optimisation: one missing and one garbled are rebuilt from their segments.
    const [missing, garbled] = [segments[1]!, segments.at(-1)!];
    await rm(missing.replace(/\.log$/, '.index'));
    await writeFile(garbled.replace(/\.log$/, '.index'), 'not an index');
    const rebuilt = await open(dataDir);
    expect(rebuilt.stats().scannedBytes).toBe((await sizeOf(missing)) + (await sizeOf(garbled)));
    expect(rebuilt.lines.join('\n')).toMatch(/segment index does not match its segment.*problem="?not an index file/);
    expect(offsetsAndValues(await readAll(rebuilt))).toEqual(written);
  });

  it('a scan reads records bigger than it loads at once, first in a segment or not', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC });
    const big = (tag: string) => ({ key: 'l-1', value: Buffer.concat([Buffer.from(`${tag}|`), Buffer.alloc(6 * 1024 * 1024, 'x')]) });
    await log.append(TOPIC, [big('a'), big('b'), { key: 'l-1', value: 'small' }, big('c')]);
    await log.close();
    for (const segment of await segmentFiles(dataDir, TOPIC, 0)) await rm(segment.replace(/\.log$/, '.index'));

    const reopened = await open(dataDir);
    expect(reopened.damage()).toEqual([]);
    const records = await readAll(reopened);
    expect(records.map((r) => `${r.offset}:${r.value.subarray(0, 5).toString()}:${r.value.length}`)).toEqual([
      `0:a|xxx:${6 * 1024 * 1024 + 2}`,
      `1:b|xxx:${6 * 1024 * 1024 + 2}`,
      '2:small:5',
      `3:c|xxx:${6 * 1024 * 1024 + 2}`,
    ]);
  });

  it('moves a partition file from before segments into a segment when it first appends; readers read it in place', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir, { segmentBytes: 1024 * 1024 });
    await log.createTopic({ name: TOPIC });
    await appendPlays(log, 100);
    await log.close();
    // The layout before segments: one file per partition.
    const [segment] = (await segmentFiles(dataDir, TOPIC, 0)) as [string];
    const legacy = join(dataDir, 'topics', TOPIC, 'partition-0.log');
    await rename(segment, legacy);
    await rm(dirname(segment), { recursive: true });

    const reader = await open(dataDir, { segmentBytes: 1024 * 1024 });
    expect(offsetsAndValues(await readAll(reader))).toHaveLength(100);
    await reader.close();
    expect(await sizeOf(legacy)).toBeGreaterThan(0);

    const appender = await open(dataDir, { segmentBytes: 1024 * 1024 });
    const [appended] = await appender.append(TOPIC, [{ key: 'l-1', value: 'after the move' }]);
    expect(appended!.offset).toBe(100);
    expect(await segmentFiles(dataDir, TOPIC, 0)).toEqual([segment]);
    await expect(stat(legacy)).rejects.toThrow('ENOENT');
    const records = await readAll(appender);
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('retentionBytes deletes the oldest whole segments; earliest moves on, and a reader asking for a deleted offset starts at the earliest with a warning', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC, retentionBytes: 3 * SEGMENT_BYTES });
    await appendPlays(log, 1000);
    expect(JSON.parse(await readFile(join(dataDir, 'topics', TOPIC, 'topic.json'), 'utf8'))).toMatchObject({ retentionBytes: 3 * SEGMENT_BYTES });

    const segments = await segmentFiles(dataDir, TOPIC, 0);
    let kept = 0;
    for (const segment of segments) kept += await sizeOf(segment);
    expect(kept).toBeLessThan(5 * SEGMENT_BYTES);
    const [earliest] = (await log.earliestOffsets(TOPIC)) as [number];
    expect(earliest).toBe(Number(basename(segments[0]!, '.log')));
    expect(earliest).toBeGreaterThan(0);
    expect(await log.endOffsets(TOPIC)).toEqual([1000]);

    const range = (from: number) => Array.from({ length: 1000 - from }, (_, i) => from + i);
    expect((await readAll(log)).map((r) => r.offset)).toEqual(range(earliest));
    expect((await readAll(log, { kind: 'offsets', offsets: { 0: 5 } })).map((r) => r.offset)).toEqual(range(earliest));
    expect(log.lines.join('\n')).toMatch(new RegExp(`start offset was deleted by retention; starting at the earliest offset topic=${TOPIC} partition=0 offset=5 earliest=${earliest}`));
    expect(log.lines.join('\n')).toContain('deleted segments past the retention');
  });

  it('retentionMs deletes segments whose records are all older, when the appender next looks', async () => {
    const dataDir = await tempDir();
    let clock = Date.UTC(2026, 10, 30, 12);
    const now = () => clock;
    const log = await open(dataDir, { now });
    await log.createTopic({ name: TOPIC, retentionMs: 60_000 });
    await appendPlays(log, 400);
    await log.close();
    const before = await segmentFiles(dataDir, TOPIC, 0);

    clock += 61_000;
    const later = await open(dataDir, { now });
    await later.append(TOPIC, plays(400, 1));
    // Only the last segment, which takes appends, is left (the append may have rolled to a new one).
    const left = await segmentFiles(dataDir, TOPIC, 0);
    expect(left).toHaveLength(1);
    const base = Number(basename(left[0]!, '.log'));
    expect(base).toBeGreaterThanOrEqual(Number(basename(before.at(-1)!, '.log')));
    expect((await readAll(later)).map((r) => r.offset)).toEqual(Array.from({ length: 401 - base }, (_, i) => base + i));
    expect(await later.earliestOffsets(TOPIC)).toEqual([base]);
  });

  it('a compacted topic keeps only the latest record per key in closed segments, at its offset', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC, compacted: true });
    const keys = ['l-1', 'l-2', 'l-3', 'l-4', 'l-5'];
    for (let round = 0; round < 100; round++) await log.append(TOPIC, keys.map((key) => ({ key, value: `${key}@${round}` })));

    const records = await readAll(log);
    // Offsets are preserved: record (round, key) was appended at round * 5 + its key's place.
    for (const record of records) {
      const [key, round] = record.value.toString().split('@') as [string, string];
      expect(record.key).toBe(key);
      expect(record.offset).toBe(Number(round) * 5 + keys.indexOf(key));
    }
    expect(records.length).toBeLessThan(250);
    const latest = new Map(records.map((r) => [r.key, r.value.toString()]));
    expect([...latest.values()]).toEqual(keys.map((key) => `${key}@99`));
    // Before the last segment, no key is there twice, and only where it is still the latest.
    const activeBase = Number(basename((await segmentFiles(dataDir, TOPIC, 0)).at(-1)!, '.log'));
    const closed = records.filter((r) => r.offset < activeBase);
    expect(new Set(closed.map((r) => r.key)).size).toBe(closed.length);
    expect(records.filter((r) => r.offset >= activeBase).every((r) => !closed.some((c) => c.key === r.key))).toBe(true);
    expect(await log.endOffsets(TOPIC)).toEqual([500]);
    const [next] = await log.append(TOPIC, [{ key: 'l-1', value: 'l-1@100' }]);
    expect(next!.offset).toBe(500);
  });

  it('a reader in another process follows the appender across rolls and retention', async () => {
    const dataDir = await tempDir();
    const appender = await open(dataDir);
    await appender.createTopic({ name: TOPIC, retentionBytes: 4 * SEGMENT_BYTES });
    await appendPlays(appender, 100);
    const reader = await open(dataDir); // another instance on the folder: what another process sees
    const live = await collectRecords(reader, { topic: TOPIC });
    await live.reader.caughtUp;
    await appendPlays(appender, 1000);
    const [earliest] = (await appender.earliestOffsets(TOPIC)) as [number];
    expect(earliest).toBeGreaterThan(100);
    // In order, no duplicate; a gap only where retention deleted records before the reader got to them, which it says.
    const records = await live.waitFor(1);
    while (records.at(-1)!.offset < 1099) await live.waitFor(records.length + 1);
    const offsets = records.map((r) => r.offset);
    const gaps = offsets.filter((offset, i) => i > 0 && offset !== offsets[i - 1]! + 1);
    expect(offsets.every((offset, i) => i === 0 || offset > offsets[i - 1]!)).toBe(true);
    expect(gaps.length === 0 || reader.lines.some((line) => line.includes('deleted by retention'))).toBe(true);
    expect(offsets.at(-1)).toBe(1099);
    expect(await reader.earliestOffsets(TOPIC)).toEqual([earliest]);
    expect(await reader.endOffsets(TOPIC)).toEqual([1100]);
    await live.reader.close();
  });

  it('keeps its files private: folders 0700, files 0600', async () => {
    const dataDir = join(await tempDir(), 'data');
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC, partitions: 2 });
    await appendPlays(log, 200);
    await log.commitOffsets('insights', TOPIC, { 0: 3 });
    await log.close();
    await mkdir(join(dataDir, 'other'), { recursive: true }); // not the log's: left as the user made it

    const modes: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      modes.push(`${dir.slice(dataDir.length) || '/'} ${((await stat(dir)).mode & 0o777).toString(8)}`);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.name === 'other') continue;
        if (entry.isDirectory()) await walk(path);
        else modes.push(`${path.slice(dataDir.length)} ${((await stat(path)).mode & 0o777).toString(8)}`);
      }
    };
    await walk(dataDir);
    expect(modes.length).toBeGreaterThan(8);
    expect(modes.filter((line) => !/ (700|600)$/.test(line))).toEqual([]);
  });
});
