import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LogRecord } from '../EventLog.ts';
import { fsyncDir, writeFileAtomic } from '../../storage/durableFiles.ts';
import { OffsetIndex } from './OffsetIndex.ts';
import { encodeRecord, writeFrame } from './recordCodec.ts';
import type { SegmentDamage } from './scanFrames.ts';
import { Segment, type SegmentOptions } from './Segment.ts';
import { encodeSegmentIndex } from './SegmentIndexFile.ts';

/**
 * Writes a new version of a closed segment holding the readable records
 * `keep` accepts, at their offsets and timestamps, with its index, and moves
 * it over the old file (readers of other processes keep reading the old one
 * until they reopen). `lost` are damage ranges to remember (their offsets
 * stay used). Returns the new segment, or undefined when nothing would change.
 * Only for the process holding the append lock.
 */
export async function rewriteSegment(
  segment: Segment,
  keep: (record: LogRecord) => boolean,
  where: SegmentOptions,
  lost: readonly SegmentDamage[] = [],
): Promise<Segment | undefined> {
  const kept: LogRecord[] = [];
  for (let offset = segment.firstOffset; offset < segment.nextOffset; ) {
    const { records, next } = await segment.readBatch(offset, 1000, 4 * 1024 * 1024);
    for (const record of records) if (keep(record)) kept.push(record);
    if (next <= offset) break;
    offset = next;
  }
  if (kept.length === segment.records && lost.length === 0) return undefined;
  const encoded = kept.map((record) => encodeRecord({ key: record.key, value: record.value, headers: record.headers }));
  const buffer = Buffer.allocUnsafe(encoded.reduce((sum, record) => sum + record.frameBytes, 0));
  const index = new OffsetIndex(kept.length);
  let at = 0;
  kept.forEach((record, i) => {
    index.push(record.offset, at, record.timestamp);
    at = writeFrame(buffer, at, encoded[i]!, record.offset, record.timestamp);
  });
  const temp = `${where.path}.rewrite`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(buffer);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, where.path);
  await fsyncDir(dirname(where.path));
  const damage = [...segment.damage.filter((range) => range.movedTo !== undefined), ...lost].map((range) => ({ ...range, fromByte: 0, toByte: 0 }));
  await writeFileAtomic(where.indexPath, encodeSegmentIndex({ baseOffset: where.baseOffset, coveredBytes: buffer.length, index, damage }), { replace: true, mode: 0o600 });
  return Segment.open(where);
}
