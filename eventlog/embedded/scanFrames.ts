import type { FileHandle } from 'node:fs/promises';
import { readFully } from '../../storage/durableFiles.ts';
import { checkFrame, FRAME_HEADER_BYTES } from './recordCodec.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Where a scan stopped, and why when it stopped before `to`. */
export interface ScanResult {
  /** The position after the last whole, valid frame. */
  end: number;
  problem?: { kind: 'incomplete' | 'corrupt'; reason: string };
}

/**
 * Reads the frames of a partition file in `[from, to)` in large chunks and
 * calls `onFrame` for each valid one, stopping at the first frame that is cut
 * short, fails its checksum or its shape, or does not carry the next offset.
 */
export async function scanFrames(
  handle: FileHandle,
  from: number,
  to: number,
  firstOffset: number,
  onFrame: (position: number, offset: number, timestamp: number) => void,
): Promise<ScanResult> {
  let buffer = Buffer.allocUnsafe(Math.max(Math.min(CHUNK_BYTES, to - from), FRAME_HEADER_BYTES));
  let bufferStart = from;
  let bufferEnd = from;
  let position = from;
  let expected = firstOffset;
  while (position < to) {
    const check = checkFrame(buffer, position - bufferStart, bufferEnd - bufferStart);
    if (check.status === 'incomplete' && bufferEnd < to) {
      // Load from this frame on: a chunk, or the whole frame once its length is known.
      const needed = bufferEnd - position >= 4 ? FRAME_HEADER_BYTES + buffer.readUInt32BE(position - bufferStart) : FRAME_HEADER_BYTES;
      const length = Math.min(Math.max(CHUNK_BYTES, needed), to - position);
      if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
      const read = await readFully(handle, buffer, position, length);
      bufferStart = position;
      bufferEnd = position + read;
      if (read < length) to = bufferEnd; // the file is shorter than when it was measured
      continue;
    }
    if (check.status !== 'ok') return { end: position, problem: { kind: check.status, reason: check.reason } };
    if (check.offset !== expected) {
      return { end: position, problem: { kind: 'corrupt', reason: `frame holds offset ${check.offset} where ${expected} was expected` } };
    }
    onFrame(position, check.offset, check.timestamp);
    position += check.frameBytes;
    expected++;
  }
  return { end: position };
}
