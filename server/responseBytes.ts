import type { FormattedExecutionResult } from 'graphql';
import { createJsonSerializer } from './serializeJson.ts';

/** Start and end of what `stringifyResult` returns for bytes it keeps: no JSON text holds a NUL unescaped. */
const MARKER_START = '\u0000response in bytes ';
const MARKER_END = '\u0000';
const MARKER = /\u0000response in bytes \d+\u0000/g;

/**
 * Most answers kept for `take`: far more than are ever between Apollo
 * Server's serialization and the handler that takes them. Past it the oldest
 * go (one not taken is a bug elsewhere, and must not grow memory).
 */
const MAX_PENDING = 10_000;

/** A result's `data` serialized, and the errors and extensions it was serialized with. */
interface Serialized {
  rest: string;
  bytes: Buffer;
}

/** Serializes a gateway's results to bytes once, for every caller that shares them. */
export interface ResponseBytes {
  /** Apollo Server's `stringifyResult`: keeps the result's bytes and returns a marker of them, the only text Apollo Server gets. */
  stringifyResult(result: FormattedExecutionResult): string;
  /**
   * The bytes to send for a body Apollo Server wrote: the bytes of each
   * marker in it (one answer's, or a batch's between its brackets and
   * commas), which are forgotten; undefined for a body without markers.
   */
  take(body: string): Buffer | undefined;
}

/**
 * Sends each answer as bytes serialized straight from the result
 * (`createJsonSerializer`), never as a JSON string: under load, V8's
 * `JSON.stringify` result and the flat copy that encoding it needs cost
 * more than the serialization. Apollo Server asks for a string, so the
 * string it gets is a marker and the bytes wait beside it for the handler
 * (`take`); and callers that shared one execution (inbound deduplication)
 * share one `data` object, serialized once for all of them (their errors
 * and extensions, which may differ, compared as JSON). Nothing is kept once
 * the `data` object is gone.
 */
export function createResponseBytes(): ResponseBytes {
  const serialize = createJsonSerializer();
  const serialized = new WeakMap<object, Serialized>();
  const pending = new Map<string, Buffer>();
  let next = 0;

  const bytesOf = (result: FormattedExecutionResult): Buffer => {
    const { data } = result;
    if (typeof data !== 'object' || data === null) return serialize(result, '\n').bytes;
    const rest = result.errors === undefined && result.extensions === undefined ? '' : JSON.stringify([result.errors, result.extensions]);
    const known = serialized.get(data);
    if (known?.rest === rest) return known.bytes;
    const { bytes } = serialize(result, '\n');
    serialized.set(data, { rest, bytes });
    return bytes;
  };

  const takeMarker = (marker: string): Buffer => {
    const bytes = pending.get(marker);
    if (!bytes) throw new Error('ResponseBytes.take: an answer was taken twice, or dropped before it was taken.');
    pending.delete(marker);
    return bytes;
  };

  return {
    stringifyResult(result) {
      const marker = `${MARKER_START}${next++}${MARKER_END}`;
      pending.set(marker, bytesOf(result));
      if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);
      return marker;
    },
    take(body) {
      if (pending.has(body)) return takeMarker(body);
      if (!body.includes(MARKER_START)) return undefined;
      // A batch: `[`, the answers' markers between commas, `]`.
      const parts: Buffer[] = [];
      let from = 0;
      for (const { 0: marker, index } of body.matchAll(MARKER)) {
        parts.push(Buffer.from(body.slice(from, index)));
        // With its newline, as Apollo Server's own serialization joins a batch.
        parts.push(takeMarker(marker));
        from = index + marker.length;
      }
      parts.push(Buffer.from(body.slice(from)));
      return Buffer.concat(parts);
    },
  };
}
