import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Segment } from '../../eventlog/embedded/Segment.ts';
import { encodeRecord } from '../../eventlog/embedded/recordCodec.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

describe('a segment reads a batch', () => {
  const leftovers = useLeftovers('file');
  const values = ['a', 'bb'.repeat(20), 'c'.repeat(7), 'dddd'.repeat(30), 'e'];
  const frames = values.map((value) => encodeRecord({ key: 'k', value }).frameBytes);
  const bytes = (from: number, to: number) => frames.slice(from, to).reduce((sum, b) => sum + b, 0);
  let file: Segment;
  const offsets = async (offset: number, maxRecords: number, maxBytes: number) => (await file.readBatch(offset, maxRecords, maxBytes)).records.map((r) => r.offset);

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshgraph-partition-'));
    leftovers.track({ close: () => rm(dir, { recursive: true, force: true }) });
    const where = { path: join(dir, '0.log'), indexPath: join(dir, '0.index'), baseOffset: 0, topic: 't', partition: 0, logger: captureLogger('log') };
    file = leftovers.track(await Segment.open({ ...where, create: true }));
    const prepared = file.prepare(values.map((value) => encodeRecord({ key: 'k', value })), 0, Date.now());
    await file.write(prepared);
    file.publish(prepared);
  });

  it('of every record when they fit', async () => {
    expect(await offsets(0, 100, bytes(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect((await file.readBatch(0, 100, Infinity)).records.map((r) => r.value.toString())).toEqual(values);
  });

  it('ending with the last record that fits in maxBytes, exactly or not', async () => {
    expect(await offsets(0, 100, bytes(0, 2))).toEqual([0, 1]);
    expect(await offsets(0, 100, bytes(0, 2) - 1)).toEqual([0]);
    expect(await offsets(1, 100, bytes(1, 4))).toEqual([1, 2, 3]);
    expect(await offsets(1, 100, bytes(1, 4) + frames[4]! - 1)).toEqual([1, 2, 3]);
  });

  it('with the first record even when it alone is bigger than maxBytes', async () => {
    expect(await offsets(3, 100, 1)).toEqual([3]);
    expect(await offsets(4, 100, 0)).toEqual([4]);
  });

  it('of at most maxRecords, and of nothing at the end', async () => {
    expect(await offsets(0, 3, Infinity)).toEqual([0, 1, 2]);
    expect(await offsets(2, 1, Infinity)).toEqual([2]);
    expect(await offsets(5, 10, Infinity)).toEqual([]);
  });

  it('finds the first offset at or after a timestamp', async () => {
    expect(file.offsetForTimestamp(0)).toBe(0);
    expect(file.offsetForTimestamp(Number.MAX_SAFE_INTEGER)).toBeUndefined();
  });
});
