import type { FileHandle } from 'node:fs/promises';
import { readFully } from '../../storage/durableFiles.ts';
import { checkFrame, FRAME_HEADER_BYTES, MAX_PAYLOAD_BYTES, MIN_FRAME_BYTES, peekFrameOffset } from './recordCodec.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
/** A resync candidate whose offset jumps further than this is not taken for a frame (compaction skips offsets, but never billions). */
const MAX_OFFSET_JUMP = 2 ** 32;

/** Bytes of a segment that hold no readable record, between two that do. */
export interface SegmentDamage {
  fromByte: number;
  /** Exclusive. */
  toByte: number;
  /** The first offset the damaged bytes held, inferred from the record before them. */
  firstOffset: number;
  /** The offset after the last one they held (the next readable record's); equal to `firstOffset` when they held none. */
  endOffset: number;
  reason: string;
  /** Where `repair` moved the bytes: they are no longer in the segment, but their offsets stay used. */
  movedTo?: string;
}

/** What a scan found. */
export interface ScanResult {
  /** The position after the last whole, valid frame. */
  end: number;
  /** Bytes before `end` that are not valid frames: damage, with valid frames after it. */
  damage: SegmentDamage[];
  /** Why the bytes from `end` on are not a valid frame, when there are any: nothing valid follows them. */
  tail?: { kind: 'incomplete' | 'corrupt'; reason: string };
}

/**
 * Reads the frames of a segment file in `[from, to)` in large chunks and
 * calls `onFrame` for each valid one. A frame that is cut short, fails its
 * checksum or its shape, or does not carry an offset above the previous one
 * starts a search for the next position where a whole frame checks out with
 * a higher offset (a resync): when one is found, the bytes between are
 * damage and the scan goes on; when none is, they are the tail.
 */
export async function scanFrames(
  handle: FileHandle,
  from: number,
  to: number,
  lastOffset: number,
  onFrame: (position: number, offset: number, timestamp: number) => void,
): Promise<ScanResult> {
  const window = new FileWindow(handle, to);
  const damage: SegmentDamage[] = [];
  let position = from;
  let last = lastOffset;
  while (position < window.to) {
    // Frames already in memory are checked without awaiting: a scan is mostly that.
    const found = frameInWindow(window, position, last) ?? (await frameAt(window, position, last));
    if (found.status === 'ok') {
      onFrame(position, found.offset, found.timestamp);
      position += found.frameBytes;
      last = found.offset;
      continue;
    }
    const next = await resync(window, position + 1, last);
    if (!next) return { end: position, damage, tail: { kind: found.status, reason: found.reason } };
    damage.push({ fromByte: position, toByte: next.position, firstOffset: last + 1, endOffset: next.offset, reason: found.reason });
    position = next.position;
  }
  return { end: position, damage };
}

type Found = { status: 'ok'; frameBytes: number; offset: number; timestamp: number } | { status: 'incomplete' | 'corrupt'; reason: string };

/** The frame at `position` when the window holds it whole, checked as `frameAt` does; undefined when it must be loaded. */
function frameInWindow(window: FileWindow, position: number, last: number): Found | undefined {
  const header = window.at(position, FRAME_HEADER_BYTES);
  if (header === undefined) return undefined;
  const length = window.buffer.readUInt32BE(header);
  if (length > MAX_PAYLOAD_BYTES || position + FRAME_HEADER_BYTES + length > window.to) return undefined;
  const at = window.at(position, FRAME_HEADER_BYTES + length);
  if (at === undefined) return undefined;
  return checked(window.buffer, at, FRAME_HEADER_BYTES + length, last);
}

function checked(buffer: Buffer, at: number, frameBytes: number, last: number): Found {
  const check = checkFrame(buffer, at, at + frameBytes);
  if (check.status !== 'ok') return { status: 'corrupt', reason: check.reason };
  if (check.offset <= last) return { status: 'corrupt', reason: `frame holds offset ${check.offset}, not above the previous ${last}` };
  return check;
}

/** The frame at `position`, if it is whole and valid and its offset is above `last`. */
async function frameAt(window: FileWindow, position: number, last: number): Promise<Found> {
  const header = await window.load(position, FRAME_HEADER_BYTES);
  if (header === undefined) return { status: 'incomplete', reason: `${window.to - position} bytes, less than a frame header` };
  const frameBytes = FRAME_HEADER_BYTES + window.buffer.readUInt32BE(header);
  if (frameBytes - FRAME_HEADER_BYTES > MAX_PAYLOAD_BYTES) return { status: 'corrupt', reason: `impossible frame length ${frameBytes - FRAME_HEADER_BYTES}` };
  if (position + frameBytes > window.to) {
    return { status: 'incomplete', reason: `frame of ${frameBytes - FRAME_HEADER_BYTES} bytes but only ${window.to - position - FRAME_HEADER_BYTES} follow` };
  }
  const at = (await window.load(position, frameBytes))!; // before reading window.buffer: loading may replace it
  return checked(window.buffer, at, frameBytes, last);
}

/**
 * The first position from `start` where a valid frame with an offset above
 * `last` starts. Most positions fail on their length or on an offset that the
 * bytes left could not reach, before any checksum is computed.
 */
async function resync(window: FileWindow, start: number, last: number): Promise<{ position: number; offset: number } | undefined> {
  for (let position = start; position + MIN_FRAME_BYTES <= window.to; position++) {
    const at = window.at(position, MIN_FRAME_BYTES) ?? (await window.load(position, MIN_FRAME_BYTES));
    if (at === undefined) return undefined;
    const offset = peekFrameOffset(window.buffer, at);
    if (offset === undefined || offset <= last || offset > last + MAX_OFFSET_JUMP) continue;
    const found = frameInWindow(window, position, last) ?? (await frameAt(window, position, last));
    if (found.status === 'ok') return { position, offset: found.offset };
  }
  return undefined;
}

/** A window of a file in memory, reloaded in large chunks as the scan moves on. */
class FileWindow {
  buffer = Buffer.allocUnsafe(0);
  private start = 0;
  private end = 0;

  constructor(
    private readonly handle: FileHandle,
    /** Where the file ends, as measured; lowered if it turns out shorter. */
    public to: number,
  ) {}

  /** Where `[position, position + length)` starts in `buffer` if it is loaded already (no await, for byte-by-byte searches). */
  at(position: number, length: number): number | undefined {
    return position >= this.start && position + length <= this.end ? position - this.start : undefined;
  }

  /** Makes `[position, position + length)` available; returns where it starts in `buffer`, or undefined when the file ends first. */
  async load(position: number, length: number): Promise<number | undefined> {
    if (position + length > this.to) return undefined;
    if (position >= this.start && position + length <= this.end) return position - this.start;
    const want = Math.min(Math.max(CHUNK_BYTES, length), this.to - position);
    if (want > this.buffer.length) this.buffer = Buffer.allocUnsafe(want);
    const read = await readFully(this.handle, this.buffer, position, want);
    this.start = position;
    this.end = position + read;
    if (read < want) this.to = this.end; // the file is shorter than when it was measured
    return position + length <= this.end ? 0 : undefined;
  }
}
