import type { NewRecord } from '../EventLog.ts';
import { crc32c } from './crc32c.ts';

/**
 * How a record is stored: a frame `[u32 payload length][u32 CRC-32C of the
 * payload][payload]`, all big endian. The payload (format 1) is
 *
 *     u8 format | u64 offset | u64 timestamp | i32 key length (-1: null) | key
 *     | u32 header count | (u32 length | name | u32 length | value)*
 *     | u32 value length | value
 *
 * Strings are UTF-8. The offset in every frame lets a scan prove that no
 * frame went missing; the length prefixes let it prove the payload is whole.
 */

/** Bytes before the payload: length and checksum. */
export const FRAME_HEADER_BYTES = 8;
/** The largest payload a frame may have; a longer length field means a damaged frame. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

const FORMAT = 1;
const MIN_PAYLOAD_BYTES = 1 + 8 + 8 + 4 + 4 + 4;
/** The smallest whole frame: an empty record. */
export const MIN_FRAME_BYTES = FRAME_HEADER_BYTES + MIN_PAYLOAD_BYTES;
const TWO_32 = 2 ** 32;

/** A record turned into bytes, ready to be framed at any offset. */
export interface EncodedRecord {
  key: Buffer | null;
  headers: Array<[Buffer, Buffer]>;
  value: Buffer;
  /** Bytes of the whole frame, header included. */
  frameBytes: number;
}

/** A record as stored in a frame. */
export interface StoredRecord {
  offset: number;
  timestamp: number;
  key: string | null;
  headers: Record<string, string>;
  value: Buffer;
}

/** What a frame at a position turned out to be. */
export type FrameCheck =
  | { status: 'ok'; frameBytes: number; offset: number; timestamp: number }
  /** The bytes end before the frame does (it may still be being written). */
  | { status: 'incomplete'; reason: string }
  | { status: 'corrupt'; reason: string };

/** Validates a record to append and encodes its parts; throws a TypeError/RangeError saying what is wrong. */
export function encodeRecord(record: NewRecord): EncodedRecord {
  if (record === null || typeof record !== 'object') throw new TypeError('a record must be an object with key and value');
  if (record.key !== null && typeof record.key !== 'string') throw new TypeError('a record key must be a string or null');
  if (!Buffer.isBuffer(record.value) && typeof record.value !== 'string') throw new TypeError('a record value must be a Buffer or a string');
  const key = record.key === null ? null : Buffer.from(record.key, 'utf8');
  const value = typeof record.value === 'string' ? Buffer.from(record.value, 'utf8') : record.value;
  const headers: Array<[Buffer, Buffer]> = [];
  let payload = MIN_PAYLOAD_BYTES + (key?.length ?? 0) + value.length;
  for (const [name, text] of Object.entries(record.headers ?? {})) {
    if (typeof text !== 'string') throw new TypeError(`header "${name}" must be a string`);
    const pair: [Buffer, Buffer] = [Buffer.from(name, 'utf8'), Buffer.from(text, 'utf8')];
    headers.push(pair);
    payload += 8 + pair[0].length + pair[1].length;
  }
  if (payload > MAX_PAYLOAD_BYTES) throw new RangeError(`a record may have at most ${MAX_PAYLOAD_BYTES} bytes, this one has ${payload}`);
  return { key, headers, value, frameBytes: FRAME_HEADER_BYTES + payload };
}

/** Writes the frame of `record` at `at` in `target`; returns the position after it. */
export function writeFrame(target: Buffer, at: number, record: EncodedRecord, offset: number, timestamp: number): number {
  const start = at + FRAME_HEADER_BYTES;
  let p = start;
  p = target.writeUInt8(FORMAT, p);
  p = writeU64(target, p, offset);
  p = writeU64(target, p, timestamp);
  if (record.key === null) p = target.writeInt32BE(-1, p);
  else p = copyWithLength(target, p, record.key);
  p = target.writeUInt32BE(record.headers.length, p);
  for (const [name, text] of record.headers) p = copyWithLength(target, copyWithLength(target, p, name), text);
  p = copyWithLength(target, p, record.value);
  target.writeUInt32BE(p - start, at);
  target.writeUInt32BE(crc32c(target, start, p), at + 4);
  return p;
}

/**
 * Checks the frame at `at`, given that the bytes up to `end` are known:
 * length, checksum, and that the payload's parts add up to its length.
 */
export function checkFrame(buffer: Buffer, at: number, end: number): FrameCheck {
  if (end - at < FRAME_HEADER_BYTES) return { status: 'incomplete', reason: `${end - at} bytes, less than a frame header` };
  const length = buffer.readUInt32BE(at);
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES) return { status: 'corrupt', reason: `impossible frame length ${length}` };
  const start = at + FRAME_HEADER_BYTES;
  if (end - start < length) return { status: 'incomplete', reason: `frame of ${length} bytes but only ${end - start} follow` };
  if (crc32c(buffer, start, start + length) !== buffer.readUInt32BE(at + 4)) return { status: 'corrupt', reason: 'checksum mismatch' };
  const shapeError = checkPayloadShape(buffer, start, start + length);
  if (shapeError) return { status: 'corrupt', reason: shapeError };
  return { status: 'ok', frameBytes: FRAME_HEADER_BYTES + length, offset: readU64(buffer, start + 1), timestamp: readU64(buffer, start + 9) };
}

/**
 * The offset a frame at `at` claims, from its first bytes alone (the caller
 * has `MIN_FRAME_BYTES` of them), or undefined when its length or format
 * rules out a frame: a cheap test before the checksum when searching.
 */
export function peekFrameOffset(buffer: Buffer, at: number): number | undefined {
  const length = buffer.readUInt32BE(at);
  if (length < MIN_PAYLOAD_BYTES || length > MAX_PAYLOAD_BYTES || buffer[at + FRAME_HEADER_BYTES] !== FORMAT) return undefined;
  return readU64(buffer, at + FRAME_HEADER_BYTES + 1);
}

/** Decodes a frame that `checkFrame` accepted. The value is a copy, so it outlives `buffer`. */
export function decodeFrame(buffer: Buffer, at: number): StoredRecord {
  let p = at + FRAME_HEADER_BYTES + 1;
  const offset = readU64(buffer, p);
  const timestamp = readU64(buffer, p + 8);
  p += 16;
  const keyLength = buffer.readInt32BE(p);
  p += 4;
  const key = keyLength < 0 ? null : buffer.toString('utf8', p, p + keyLength);
  p += Math.max(keyLength, 0);
  const headers: Record<string, string> = {};
  const count = buffer.readUInt32BE(p);
  p += 4;
  for (let i = 0; i < count; i++) {
    const nameLength = buffer.readUInt32BE(p);
    const name = buffer.toString('utf8', p + 4, p + 4 + nameLength);
    p += 4 + nameLength;
    const textLength = buffer.readUInt32BE(p);
    headers[name] = buffer.toString('utf8', p + 4, p + 4 + textLength);
    p += 4 + textLength;
  }
  const valueLength = buffer.readUInt32BE(p);
  const value = Buffer.from(buffer.subarray(p + 4, p + 4 + valueLength));
  return { offset, timestamp, key, headers, value };
}

/** Walks the length prefixes without decoding strings; returns what is wrong, if anything. */
function checkPayloadShape(buffer: Buffer, start: number, end: number): string | undefined {
  if (buffer[start] !== FORMAT) return `unknown record format ${buffer[start]}`;
  let p = start + 17;
  const keyLength = buffer.readInt32BE(p);
  p += 4 + Math.max(keyLength, 0);
  if (keyLength < -1 || p + 4 > end) return 'key runs past the frame';
  const count = buffer.readUInt32BE(p);
  p += 4;
  for (let i = 0; i < count * 2; i++) {
    if (p + 4 > end) return 'headers run past the frame';
    p += 4 + buffer.readUInt32BE(p);
  }
  if (p + 4 > end) return 'headers run past the frame';
  if (p + 4 + buffer.readUInt32BE(p) !== end) return 'value length does not match the frame';
  return undefined;
}

function copyWithLength(target: Buffer, at: number, bytes: Buffer): number {
  target.writeUInt32BE(bytes.length, at);
  return at + 4 + bytes.copy(target, at + 4);
}

function writeU64(target: Buffer, at: number, value: number): number {
  target.writeUInt32BE(Math.floor(value / TWO_32), at);
  return target.writeUInt32BE(value >>> 0, at + 4);
}

function readU64(buffer: Buffer, at: number): number {
  return buffer.readUInt32BE(at) * TWO_32 + buffer.readUInt32BE(at + 4);
}
