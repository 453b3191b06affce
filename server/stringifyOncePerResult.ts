import type { FormattedExecutionResult } from 'graphql';

/** What a result's `data` was last serialized into, and with which errors and extensions. */
interface Serialized {
  rest: string;
  text: string;
}

/**
 * An Apollo Server `stringifyResult` that writes what Apollo Server's own
 * does (`JSON.stringify` of the result, then a newline), but once per `data`
 * object: callers that shared one execution (inbound deduplication) get the
 * same string, so the answer is serialized, and then encoded
 * (`encodeResponse`), once for all of them rather than once per caller.
 * Their errors and extensions may still differ: they are compared as JSON.
 * Nothing is kept once the `data` object is gone.
 */
export function stringifyOncePerResult(): (result: FormattedExecutionResult) => string {
  const serialized = new WeakMap<object, Serialized>();
  return (result) => {
    const { data } = result;
    if (typeof data !== 'object' || data === null) return stringify(result);
    const rest = result.errors === undefined && result.extensions === undefined ? '' : JSON.stringify([result.errors, result.extensions]);
    const known = serialized.get(data);
    if (known?.rest === rest) return known.text;
    const text = stringify(result);
    serialized.set(data, { rest, text });
    return text;
  };
}

/** Apollo Server's serialization of a result. */
const stringify = (result: FormattedExecutionResult): string => `${JSON.stringify(result)}\n`;
