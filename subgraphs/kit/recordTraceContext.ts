import { carriesTraceContext, type TraceCarrier } from '../../telemetry/index.ts';

/** The headers of the record each subscription payload was made from, when they carry a trace context. */
const carriers = new WeakMap<object, TraceCarrier>();

/** Remembers that `payload` was made from a record with these headers (when they carry a trace context); returns `payload`. */
export function withRecordTraceContext<P>(payload: P, headers: TraceCarrier): P {
  if (typeof payload === 'object' && payload !== null && carriesTraceContext(headers)) carriers.set(payload, headers);
  return payload;
}

/** The trace context of the record `payload` was made from, if it carried one. */
export function recordTraceContextOf(payload: unknown): TraceCarrier | undefined {
  return typeof payload === 'object' && payload !== null ? carriers.get(payload) : undefined;
}
