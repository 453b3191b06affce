import { appendFile, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog, crc32c, type EmbeddedLog } from '../../eventlog/embedded/index.ts';
import { partitionFor, type LogRecord } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { createTempDir } from '../support/tempDir.ts';
import { frames, segmentFiles } from './support/segmentFiles.ts';


const sorted = (records: readonly LogRecord[]) => [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset);

describe('the embedded event log', () => {
  const leftovers = useLeftovers();
  const tempDir = async () => leftovers.track(await createTempDir('meshgraph-embedded-')).path;
  const open = async (dataDir: string, logger = captureLogger('embedded')) => {
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger }));
    return Object.assign(log, { lines: logger.lines });
  };
  const readAll = async (log: EmbeddedLog, topic: string) => {
    const { reader, records } = await collectRecords(log, { topic });
    await reader.caughtUp;
    await reader.close();
    return sorted(records);
  };

  it('keeps offsets, keys, values, headers and timestamps on disk, framed with CRC-32C, across close and reopen', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: 'listeners.registrations.v1', partitions: 2, compacted: true });
    const before = Date.now();
    await log.append('listeners.registrations.v1', [
      { key: 'l-1', value: 'first', headers: { 'occurred-at': '2026-10-31T10:00:00.000Z', producer: 'listeners' } },
      { key: null, value: Buffer.from([0, 255, 10, 13]) },
      { key: 'l-ü', value: '{"name":"Zoë 🎧"}', headers: {} },
      { key: '', value: '' },
      { key: 'big', value: Buffer.alloc(5 * 1024 * 1024, 'b') }, // more than a scan reads at once
    ]);
    await log.append('listeners.registrations.v1', [{ key: 'l-1', value: 'second', headers: { 'schema-version': '2' } }]);
    const after = Date.now();
    const written = await readAll(log, 'listeners.registrations.v1');
    await log.close();

    const topicDir = join(dataDir, 'topics', 'listeners.registrations.v1');
    expect(JSON.parse(await readFile(join(topicDir, 'topic.json'), 'utf8'))).toEqual({ name: 'listeners.registrations.v1', partitions: 2, compacted: true });
    const file = await readFile((await segmentFiles(dataDir, 'listeners.registrations.v1', partitionFor('l-1', 2)))[0]!);
    const [first] = frames(file);
    expect(file.readUInt32BE(4)).toBe(crc32c(file, 8, first!.end));
    expect(file.subarray(8, first!.end).includes('first')).toBe(true); // the value as bytes, not JSON of a Buffer

    const reopened = await open(dataDir);
    const read = await readAll(reopened, 'listeners.registrations.v1');
    // Values as base64: comparing megabytes of Buffer element by element is slow.
    const comparable = (records: LogRecord[]) => records.map((r) => ({ ...r, value: r.value.toString('base64') }));
    expect(comparable(read)).toEqual(comparable(written));
    expect(read).toHaveLength(6);
    expect(read.find((r) => r.key === 'big')!.value.equals(Buffer.alloc(5 * 1024 * 1024, 'b'))).toBe(true);
    expect(read.filter((r) => r.key !== 'big').map((r) => [r.key, r.value.toString('latin1')])).toEqual(
      expect.arrayContaining([
        ['l-1', 'first'],
        ['l-1', 'second'],
        [null, '\x00\xff\n\r'],
        ['l-ü', Buffer.from('{"name":"Zoë 🎧"}').toString('latin1')],
        ['', ''],
      ]),
    );
    const firstRecord = read.find((r) => r.value.toString() === 'first')!;
    expect(firstRecord.headers).toEqual({ 'occurred-at': '2026-10-31T10:00:00.000Z', producer: 'listeners' });
    expect(read.find((r) => r.value.toString() === 'second')).toMatchObject({ partition: firstRecord.partition, headers: { 'schema-version': '2' } });
    for (const record of read) {
      expect(record.timestamp).toBeGreaterThanOrEqual(before);
      expect(record.timestamp).toBeLessThanOrEqual(after);
    }
    expect(await reopened.offsetsForTimestamp('listeners.registrations.v1', after + 1)).toEqual(await reopened.endOffsets('listeners.registrations.v1'));
    // An existing topic is left as it is.
    await reopened.createTopic({ name: 'listeners.registrations.v1', partitions: 5 });
    expect(await reopened.endOffsets('listeners.registrations.v1')).toHaveLength(2);
  });

  it.each(['garbage bytes after the last frame', 'half a frame after the last one', 'a flipped byte in the last frame payload'] as const)(
    'a bad tail on reopen (%s): a reader leaves it; the appender cuts a torn one or keeps a damaged record, logs it, and appends at the right offset',
    async (damage) => {
      const dataDir = await tempDir();
      const log = await open(dataDir);
      await log.createTopic({ name: 'plays.v1' });
      await log.append('plays.v1', Array.from({ length: 10 }, (_, i) => ({ key: `k-${i}`, value: `play-${i}` })));
      await log.close();

      const [path] = (await segmentFiles(dataDir, 'plays.v1', 0)) as [string];
      const file = await readFile(path);
      const last = frames(file).at(-1)!;
      if (damage === 'garbage bytes after the last frame') {
        await appendFile(path, 'this is not a frame at all');
      } else if (damage === 'half a frame after the last one') {
        await appendFile(path, file.subarray(last.start, last.start + Math.floor((last.end - last.start) / 2)));
      } else {
        const flipped = Buffer.from(file);
        flipped[last.end - 3]! ^= 0x01;
        await writeFile(path, flipped);
        await rm(path.replace(/\.log$/, '.index')); // as after a crash: the segment is scanned
      }
      const damaged = await readFile(path);
      const damagedSize = damaged.length;

      const reader = await open(dataDir);
      expect((await stat(path)).size).toBe(damagedSize);
      await reader.close();

      const reopened = await open(dataDir);
      const [appended] = await reopened.append('plays.v1', [{ key: 'k-new', value: 'after repair' }]);
      // A whole last frame that fails its checksum is an acknowledged record damaged since: its offset stays used.
      const lastRecordDamaged = damage === 'a flipped byte in the last frame payload';
      expect(appended).toEqual({ topic: 'plays.v1', partition: 0, offset: 10 });
      if (lastRecordDamaged) {
        expect((await readFile(path)).subarray(0, damagedSize).equals(damaged)).toBe(true);
        expect(reopened.lines.find((line) => line.includes('damaged records'))).toContain(`fromByte=${last.start} toByte=${last.end} firstOffset=9 endOffset=10`);
      } else {
        const warning = reopened.lines.find((line) => line.includes('truncated a torn tail'));
        expect(warning).toContain(' warn ');
        expect(warning).toContain('topic=plays.v1 partition=0 ');
        expect(warning).toContain(`file=${path} `);
        expect(warning).toContain(`position=${file.length} droppedBytes=${damagedSize - file.length} `);
        // Garbage is not a write cut short: what was cut is kept for a person to look at.
        const kept = /keptIn=(\S+)/.exec(warning!)?.[1];
        if (damage === 'garbage bytes after the last frame') expect((await readFile(kept!)).toString()).toBe('this is not a frame at all');
        else expect(kept).toBeUndefined();
      }
      const records = await readAll(reopened, 'plays.v1');
      const survivors = Array.from({ length: lastRecordDamaged ? 9 : 10 }, (_, i) => i);
      expect(records.map((r) => r.offset)).toEqual([...survivors, 10]);
      expect(records.at(-1)!.value.toString()).toBe('after repair');
      await reopened.close();
      const clean = await open(dataDir);
      expect(clean.lines.filter((line) => line.includes(' warn '))).toEqual([]);
    },
  );

  it('group-commits concurrent appends: all acknowledged, offsets in order, far fewer fsync rounds than appends', async () => {
    const log = await open(await tempDir());
    await log.createTopic({ name: 'chart.entries.v1', partitions: 2 });
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => log.append('chart.entries.v1', [{ key: `e-${i}`, value: `entry-${i}` }])),
    );
    const { appendCalls, syncRounds } = log.stats();
    expect(appendCalls).toBe(1000);
    expect(syncRounds).toBeLessThan(20);
    for (const partition of [0, 1]) {
      const offsets = results.flat().filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i)); // assigned in call order
    }
    const records = await readAll(log, 'chart.entries.v1');
    const byWhere = new Map(records.map((r) => [`${r.partition}:${r.offset}`, r.value.toString()]));
    results.forEach(([where], i) => expect(byWhere.get(`${where!.partition}:${where!.offset}`)).toBe(`entry-${i}`));
  });

  it('a reader sees what another instance on the same folder (another process) creates and appends', async () => {
    const dataDir = await tempDir();
    const producer = await open(dataDir);
    const consumer = await open(dataDir);
    await producer.createTopic({ name: 'podcasts.episodes.v1', partitions: 2 });
    await producer.append('podcasts.episodes.v1', [{ key: 'p-1', value: 'e-1' }]);
    // Created after the consumer opened: it finds the topic on disk.
    const live = await collectRecords(consumer, { topic: 'podcasts.episodes.v1' });
    await live.reader.caughtUp;
    expect(live.records.map((r) => r.value.toString())).toEqual(['e-1']);

    await producer.append('podcasts.episodes.v1', [
      { key: 'p-2', value: 'e-2' },
      { key: 'p-3', value: 'e-3' },
    ]);
    expect((await live.waitFor(3)).map((r) => r.value.toString()).sort()).toEqual(['e-1', 'e-2', 'e-3']);
    expect(await consumer.endOffsets('podcasts.episodes.v1')).toEqual(await producer.endOffsets('podcasts.episodes.v1'));
    await live.reader.close();
  });

  it('leaves a frame another process is still writing alone, and delivers it once it is whole', async () => {
    const dataDir = await tempDir();
    const producer = await open(dataDir);
    await producer.createTopic({ name: 'artists.royalties.v1' });
    await producer.append('artists.royalties.v1', [
      { key: 'a-1', value: 'first' },
      { key: 'a-1', value: 'second' },
    ]);
    await producer.close();
    // As if a live process held the lock and had written only part of the second frame so far.
    const [path] = (await segmentFiles(dataDir, 'artists.royalties.v1', 0)) as [string];
    const file = await readFile(path);
    const second = frames(file)[1]!;
    await writeFile(path, file.subarray(0, second.start + 10));
    await rm(path.replace(/\.log$/, '.index')); // a live appender has not written it yet
    await writeFile(join(dataDir, 'topics', 'artists.royalties.v1', 'append.lock'), lockOf(process.ppid));

    const consumer = await open(dataDir);
    expect((await stat(path)).size).toBe(second.start + 10); // only the lock holder truncates
    expect(consumer.lines.filter((line) => line.includes(' warn '))).toEqual([]);
    const live = await collectRecords(consumer, { topic: 'artists.royalties.v1' });
    await live.reader.caughtUp;
    expect(live.records.map((r) => r.value.toString())).toEqual(['first']);
    expect(await consumer.endOffsets('artists.royalties.v1')).toEqual([1]);

    await appendFile(path, file.subarray(second.start + 10));
    expect((await live.waitFor(2)).map((r) => r.value.toString())).toEqual(['first', 'second']);
    await live.reader.close();
  });

  it('lets one process append to a topic: a second gets an error naming the holder; a dead holder is taken over', async () => {
    const dataDir = await tempDir();
    const first = await open(dataDir);
    const second = await open(dataDir);
    await first.createTopic({ name: 'listeners.plays.v1' });
    await first.append('listeners.plays.v1', [{ key: 'l-1', value: 'from first' }]);
    await expect(second.append('listeners.plays.v1', [{ key: 'l-1', value: 'from second' }])).rejects.toThrow(
      new RegExp(`topic "listeners\\.plays\\.v1" is locked for appending by .*pid ${process.pid}`),
    );
    await first.close();
    const [appended] = await second.append('listeners.plays.v1', [{ key: 'l-1', value: 'from second' }]);
    expect(appended!.offset).toBe(1);
    await second.close();

    // A lock left by a process that is gone (a pid no system hands out).
    await writeFile(join(dataDir, 'topics', 'listeners.plays.v1', 'append.lock'), lockOf(2 ** 30));
    const third = await open(dataDir);
    expect((await third.append('listeners.plays.v1', [{ key: 'l-1', value: 'from third' }]))[0]!.offset).toBe(2);
    expect(third.lines.join('\n')).toMatch(/taking over a stale append lock topic=listeners\.plays\.v1 .*stalePid=1073741824/);
  });

  it('keeps committed offsets across reopen, and a group resumes there', async () => {
    const dataDir = await tempDir();
    const log = await open(dataDir);
    await log.createTopic({ name: 'insights.charts.v1', partitions: 2 });
    await log.append('insights.charts.v1', Array.from({ length: 6 }, (_, i) => ({ key: `c-${i}`, value: `old-${i}` })));
    const group = await collectRecords(log, { topic: 'insights.charts.v1', groupId: 'charts/builder' });
    await group.reader.caughtUp;
    await group.reader.close();
    const committed = await log.committedOffsets('charts/builder', 'insights.charts.v1');
    expect(committed).toEqual(Object.fromEntries((await log.endOffsets('insights.charts.v1')).map((end, p) => [p, end])));
    await log.commitOffsets('other', 'insights.charts.v1', { 1: 1 });
    await log.close();

    const reopened = await open(dataDir);
    expect(await reopened.committedOffsets('charts/builder', 'insights.charts.v1')).toEqual(committed);
    expect(await reopened.committedOffsets('other', 'insights.charts.v1')).toEqual({ 1: 1 });
    expect(await reopened.committedOffsets('never', 'insights.charts.v1')).toEqual({});
    await reopened.append('insights.charts.v1', [{ key: 'c-9', value: 'new' }]);
    const resumed = await collectRecords(reopened, { topic: 'insights.charts.v1', groupId: 'charts/builder' });
    await resumed.reader.caughtUp;
    expect(resumed.records.map((r) => r.value.toString())).toEqual(['new']);
    await resumed.reader.close();
  });

  it('readers of one group hand a partition over between batches, without a gap or a duplicate', async () => {
    const log = await open(await tempDir());
    await log.createTopic({ name: 'podcasts.plays.v1', partitions: 2 });
    const key = Array.from({ length: 100 }, (_, i) => `k-${i}`).find((k) => partitionFor(k, 2) === 1)!;
    await log.append('podcasts.plays.v1', Array.from({ length: 1200 }, (_, i) => ({ key, value: `a-${i}` })));

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstBatchStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstBatchStarted = resolve));
    let oneBusy = false;
    let overlapped = false;
    const one = await collectRecords(log, {
      topic: 'podcasts.plays.v1',
      groupId: 'counter',
      onBatch: async () => {
        oneBusy = true;
        firstBatchStarted();
        await gate;
        oneBusy = false;
      },
    });
    await started; // one holds both partitions and is in the middle of partition 1's first batch
    const two = await collectRecords(log, { topic: 'podcasts.plays.v1', groupId: 'counter', onBatch: () => void (overlapped ||= oneBusy) });
    await log.append('podcasts.plays.v1', [{ key, value: 'b-0' }]);
    release();
    await Promise.all([one.reader.caughtUp, two.reader.caughtUp]);
    await two.waitFor(1201 - one.records.length);
    expect(overlapped).toBe(false);
    expect(one.records.length).toBeGreaterThan(0);
    expect(two.records.length).toBeGreaterThan(0);
    expect(two.records[0]!.offset).toBe(one.records.at(-1)!.offset + 1);
    const all = [...one.records, ...two.records].map((r) => r.offset);
    expect(all).toEqual(Array.from({ length: 1201 }, (_, i) => i));

    // When two leaves, one takes partition 1 back where two stopped.
    await two.reader.close();
    await log.append('podcasts.plays.v1', [{ key, value: 'c-0' }]);
    expect((await one.waitFor(one.records.length + 1)).at(-1)).toMatchObject({ partition: 1, offset: 1201 });
    await one.reader.close();
  });

  it('refuses bad topic names, unknown topics and calls after close, saying what to do', async () => {
    const log = await open(await tempDir());
    for (const name of ['..', '.', 'a/b', 'spaces here', '']) {
      await expect(log.createTopic({ name })).rejects.toThrow(`invalid topic name ${JSON.stringify(name)}`);
    }
    await expect(log.append('nobody.made.this', [{ key: null, value: 'x' }])).rejects.toThrow(
      'unknown topic "nobody.made.this": create it first',
    );
    await expect(log.read({ topic: 'nobody.made.this', onBatch: () => undefined })).rejects.toThrow('create it first');
    await expect(log.endOffsets('nobody.made.this')).rejects.toThrow('create it first');
    await log.createTopic({ name: 'ok.v1' });
    const reader = await log.read({ topic: 'ok.v1', onBatch: () => undefined });
    await log.close();
    await expect(reader.done).resolves.toBeUndefined();
    await expect(log.append('ok.v1', [{ key: null, value: 'late' }])).rejects.toThrow(/embedded log at .* is closed/);
    await expect(log.createTopic({ name: 'ok.v2' })).rejects.toThrow(/is closed/);
  });
});

/** The content of an append lock held by `pid` on this host. */
function lockOf(pid: number): string {
  return JSON.stringify({ pid, host: hostname(), token: 'test', since: new Date().toISOString() });
}
