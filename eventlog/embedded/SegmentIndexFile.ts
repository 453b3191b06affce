import { crc32c } from './crc32c.ts';
import { OffsetIndex } from './OffsetIndex.ts';
import type { SegmentDamage } from './scanFrames.ts';

/**
 * The index file written next to a segment (`<base>.index`), so opening a
 * partition does not read its records again:
 *
 *     "MGIX" | u32 version | f64 base offset | f64 bytes covered | u32 entries
 *     | u32 damage JSON length | u32 CRC-32C of what follows | entries | damage JSON
 *
 * numbers little-endian. It covers the segment's first `coveredBytes`; bytes
 * after them are scanned. An index is an optimisation, never the truth: one
 * that is missing, unreadable or does not match its segment is rebuilt by a
 * scan.
 */
export interface SegmentIndex {
  baseOffset: number;
  /** The position after the last indexed frame. */
  coveredBytes: number;
  index: OffsetIndex;
  damage: SegmentDamage[];
}

const MAGIC = 'MGIX';
const VERSION = 1;
const HEADER_BYTES = 36;

/** The bytes of an index file. */
export function encodeSegmentIndex(saved: SegmentIndex): Buffer {
  const entries = saved.index.toBuffer();
  const damage = Buffer.from(JSON.stringify(saved.damage), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(VERSION, 4);
  header.writeDoubleLE(saved.baseOffset, 8);
  header.writeDoubleLE(saved.coveredBytes, 16);
  header.writeUInt32LE(saved.index.length, 24);
  header.writeUInt32LE(damage.length, 28);
  const body = Buffer.concat([entries, damage]);
  header.writeUInt32LE(crc32c(body, 0, body.length), 32);
  return Buffer.concat([header, body]);
}

/** The index an index file holds, or the reason it cannot be used. */
export function decodeSegmentIndex(bytes: Buffer): SegmentIndex | { problem: string } {
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC) return { problem: 'not an index file' };
  if (bytes.readUInt32LE(4) !== VERSION) return { problem: `index format ${bytes.readUInt32LE(4)}, expected ${VERSION}` };
  const count = bytes.readUInt32LE(24);
  const damageBytes = bytes.readUInt32LE(28);
  if (bytes.length !== HEADER_BYTES + count * 24 + damageBytes) return { problem: `${bytes.length} bytes do not match ${count} entries` };
  if (crc32c(bytes, HEADER_BYTES, bytes.length) !== bytes.readUInt32LE(32)) return { problem: 'checksum mismatch' };
  const body = bytes.subarray(HEADER_BYTES);
  let damage: SegmentDamage[];
  try {
    damage = JSON.parse(body.toString('utf8', count * 24)) as SegmentDamage[];
  } catch {
    return { problem: 'unreadable damage list' };
  }
  if (!Array.isArray(damage)) return { problem: 'unreadable damage list' };
  return { baseOffset: bytes.readDoubleLE(8), coveredBytes: bytes.readDoubleLE(16), index: OffsetIndex.fromBuffer(body, count), damage };
}
