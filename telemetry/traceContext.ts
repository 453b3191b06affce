import { context, propagation, ROOT_CONTEXT, type Context, type TextMapGetter } from '@opentelemetry/api';

/**
 * Something that carries a trace context under the W3C names `traceparent`
 * and `tracestate`: HTTP headers, a record's headers, a result's extensions.
 * Values come from outside, so anything that is not a string is ignored.
 */
export type TraceCarrier = Readonly<Record<string, unknown>>;

const getter: TextMapGetter<TraceCarrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (typeof value === 'string') return value;
    return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : undefined;
  },
};

/**
 * Writes the trace context of `from` (the active one by default) into
 * `carrier` as `traceparent` (and `tracestate`), and returns it. Writes
 * nothing when tracing is off or no span is active.
 */
export function injectTraceContext<C extends Record<string, string>>(carrier: C, from: Context = context.active()): C {
  propagation.inject(from, carrier);
  return carrier;
}

/** Whether `carrier` holds a `traceparent` at all (a cheap test before extracting). */
export function carriesTraceContext(carrier: TraceCarrier): boolean {
  return typeof carrier['traceparent'] === 'string';
}

/**
 * The trace context `carrier` holds, to parent new spans on; the root context
 * when it holds none, holds a malformed one, or tracing is off.
 */
export function extractTraceContext(carrier: TraceCarrier): Context {
  return propagation.extract(ROOT_CONTEXT, carrier, getter);
}
