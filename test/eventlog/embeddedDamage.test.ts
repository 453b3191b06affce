import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog, type EmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { LogRecord } from '../../eventlog/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { frames, segmentFiles } from './support/segmentFiles.ts';

const TOPIC = 'podcasts.episode-plays.v1';
const RECORDS = 100;

describe('damage in the middle of a partition is not a torn tail', () => {
  const leftovers = useLeftovers();
  const open = async (dataDir: string) => {
    const logger = captureLogger('embedded');
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger }));
    return Object.assign(log, { lines: logger.lines });
  };
  const readAll = async (log: EmbeddedLog) => {
    const { reader, records } = await collectRecords(log, { topic: TOPIC });
    await reader.caughtUp;
    await reader.close();
    return records;
  };
  /** A data folder with RECORDS plays in one partition; returns it and its segment file. Without its index, a reopen scans the segment. */
  const playsOnDisk = async (index: 'with its index' | 'without its index' = 'with its index') => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-damage-')).path;
    const log = await open(dataDir);
    await log.createTopic({ name: TOPIC });
    await log.append(TOPIC, Array.from({ length: RECORDS }, (_, i) => ({ key: `l-${i}`, value: `play-${i}` })));
    await log.close();
    const [path] = await segmentFiles(dataDir, TOPIC, 0);
    if (index === 'without its index') await rm(path!.replace(/\.log$/, '.index'));
    return { dataDir, path: path!, file: await readFile(path!) };
  };
  const valuesOf = (records: readonly LogRecord[]) => records.map((r) => [r.offset, r.value.toString()]);
  const allBut = (lost: readonly number[]) =>
    Array.from({ length: RECORDS }, (_, i) => i)
      .filter((i) => !lost.includes(i))
      .map((i) => [i, `play-${i}`]);

  const damages = [
    { damage: 'a flipped byte in a payload', lost: [40], flip: (file: Buffer): void => void (file[frames(file)[40]!.start + 20]! ^= 0x10) },
    { damage: 'a flipped byte in a length field', lost: [40], flip: (file: Buffer): void => void (file[frames(file)[40]!.start + 1]! ^= 0x40) },
    {
      damage: 'a zeroed block over several frames',
      lost: [40, 41, 42, 43],
      flip: (file: Buffer): void => void file.fill(0, frames(file)[40]!.start + 3, frames(file)[43]!.end - 2),
    },
  ];

  it.each((['with its index', 'without its index'] as const).flatMap((index) => damages.map((damage) => ({ index, ...damage }))))(
    '$damage, segment $index: every other record keeps its offset, the damage is reported loudly, and new offsets come after it',
    async ({ index, lost, flip }) => {
      const { dataDir, path, file } = await playsOnDisk(index);
      const damaged = Buffer.from(file);
      flip(damaged);
      await writeFile(path, damaged);

      const log = await open(dataDir);
      expect(await log.endOffsets(TOPIC)).toEqual([RECORDS]);
      expect(valuesOf(await readAll(log))).toEqual(allBut(lost));

      const from = frames(file)[lost[0]!]!.start;
      const to = frames(file)[lost.at(-1)!]!.end;
      expect(log.damage()).toEqual([
        expect.objectContaining({ topic: TOPIC, partition: 0, file: path, fromByte: from, toByte: to, firstOffset: lost[0], endOffset: lost.at(-1)! + 1 }),
      ]);
      const error = log.lines.find((line) => line.includes('damaged records'));
      expect(error).toContain(' error ');
      expect(error).toContain(`file=${path} `);
      expect(error).toContain(`fromByte=${from} toByte=${to} firstOffset=${lost[0]} endOffset=${lost.at(-1)! + 1}`);

      // The appender keeps the damaged bytes and appends after the last offset ever seen.
      const [appended] = await log.append(TOPIC, [{ key: 'l-new', value: 'after the damage' }]);
      expect(appended!.offset).toBe(RECORDS);
      expect((await readFile(path)).subarray(0, damaged.length).equals(damaged)).toBe(true);
      await log.close();

      const reopened = await open(dataDir);
      const records = await readAll(reopened);
      expect(valuesOf(records)).toEqual([...allBut(lost), [RECORDS, 'after the damage']]);
      expect(reopened.damage()).toHaveLength(1);
    },
  );

  it('a reader never truncates or writes: not a torn tail, not damage in the middle', async () => {
    const { dataDir, path, file } = await playsOnDisk();
    const damaged = Buffer.from(file);
    damaged[frames(file)[10]!.start + 12]! ^= 0x01;
    await writeFile(path, damaged);
    await appendFile(path, file.subarray(frames(file)[99]!.start, frames(file)[99]!.start + 9)); // a torn frame after the last one
    const before = await readFile(path);

    const log = await open(dataDir);
    expect(valuesOf(await readAll(log))).toEqual(allBut([10]));
    await log.close();
    expect((await readFile(path)).equals(before)).toBe(true);
  });

  it('a torn tail is cut by the appender only, which then appends at the next offset', async () => {
    const { dataDir, path, file } = await playsOnDisk();
    await appendFile(path, file.subarray(0, 30)); // half a frame, as a crash mid-write leaves
    const reader = await open(dataDir);
    expect(await reader.endOffsets(TOPIC)).toEqual([RECORDS]);
    expect(reader.damage()).toEqual([]);
    await reader.close();
    expect((await readFile(path)).length).toBe(file.length + 30);

    const appender = await open(dataDir);
    const [appended] = await appender.append(TOPIC, [{ key: 'l-new', value: 'after the tail' }]);
    expect(appended!.offset).toBe(RECORDS);
    expect(appender.lines.find((line) => line.includes('truncated a torn tail'))).toContain(`position=${file.length} droppedBytes=30 `);
    expect(valuesOf(await readAll(appender))).toEqual([...allBut([]), [RECORDS, 'after the tail']]);
  });
});
