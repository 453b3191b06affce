import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { injectTraceContext } from '../../telemetry/index.ts';

/** A business fact to publish on an output port's topic. */
export interface Fact {
  /** The polyseme id the fact is about; records with one key stay in order. */
  key: string;
  value: object;
  /** When it happened, ISO-8601. */
  occurredAt: string;
  /** When the mesh recorded it, ISO-8601. @default now */
  recordedAt?: string;
  /** The producing domain. */
  producer: string;
  schemaVersion: string;
}

/**
 * A fact as a log record: JSON value and the headers every record carries,
 * plus the active trace context (`traceparent`, `tracestate`) when tracing is
 * on, so that consumers continue the trace of what produced the fact.
 */
export function toEventRecord(fact: Fact): NewRecord {
  return {
    key: fact.key,
    value: JSON.stringify(fact.value),
    headers: injectTraceContext({
      [HEADERS.occurredAt]: fact.occurredAt,
      [HEADERS.recordedAt]: fact.recordedAt ?? new Date().toISOString(),
      [HEADERS.producer]: fact.producer,
      [HEADERS.schemaVersion]: fact.schemaVersion,
    }),
  };
}
