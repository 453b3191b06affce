import { AsyncLocalStorage } from 'node:async_hooks';
import type { FormattedExecutionResult } from 'graphql';
import { createJsonSerializer } from './serializeJson.ts';

/** What `stringifyResult` returns inside `capture`, for the bytes it left there: no JSON text is ever this. */
const IN_BYTES = '\u0000response in bytes\u0000';

/** The bytes a captured request's result was serialized into. */
interface Slot {
  bytes: Buffer | undefined;
}

/** A result's `data` serialized, and the errors and extensions it was serialized with. */
interface Serialized {
  rest: string;
  bytes: Buffer;
}

/** Serializes a gateway's results to bytes once, for every caller that shares them. */
export interface ResponseBytes {
  /**
   * Apollo Server's `stringifyResult`. Outside `capture` it writes what
   * Apollo Server's own does (the result as JSON, then a newline).
   */
  stringifyResult(result: FormattedExecutionResult): string;
  /**
   * Runs `execute` (Apollo Server's `executeHTTPGraphQLRequest`; not a
   * batch) and gives what it resolves, with the bytes of its body when
   * `stringifyResult` wrote them: then the body's text is only a marker, and
   * the bytes are what to send.
   */
  capture<T extends { body: { kind: string; string?: string } }>(execute: () => Promise<T>): Promise<{ value: T; bytes: Buffer | undefined }>;
}

/**
 * Sends each answer as bytes serialized straight from the result
 * (`createJsonSerializer`), never as a JSON string: under load, V8's
 * `JSON.stringify` result and the flat copy that encoding it needs cost
 * more than the serialization. Apollo Server asks for a string, so inside
 * `capture` the string it gets is a marker and the bytes go beside it; and
 * callers that shared one execution (inbound deduplication) share one
 * `data` object, serialized once for all of them (their errors and
 * extensions, which may differ, compared as JSON). Nothing is kept once the
 * `data` object is gone.
 */
export function createResponseBytes(): ResponseBytes {
  const serialize = createJsonSerializer();
  const storage = new AsyncLocalStorage<Slot>();
  const serialized = new WeakMap<object, Serialized>();

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

  return {
    stringifyResult(result) {
      const slot = storage.getStore();
      if (!slot) return `${JSON.stringify(result)}\n`;
      slot.bytes = bytesOf(result);
      return IN_BYTES;
    },
    async capture(execute) {
      const slot: Slot = { bytes: undefined };
      const value = await storage.run(slot, execute);
      if (value.body.kind !== 'complete' || value.body.string !== IN_BYTES) {
        // A batch joins its answers' strings: markers, had it been captured.
        if (value.body.string?.includes(IN_BYTES)) throw new Error('ResponseBytes.capture ran a batched request: run batches without it.');
        return { value, bytes: undefined };
      }
      return { value, bytes: slot.bytes };
    },
  };
}
