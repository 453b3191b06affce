import { ROOT_CONTEXT, SpanKind, trace, type Attributes, type Link } from '@opentelemetry/api';
import { carriesTraceContext, extractTraceContext, type TraceCarrier } from './traceContext.ts';
import { withSpan } from './withSpan.ts';

export interface ConsumerSpanOptions {
  /** The span's name, e.g. `process plays`. */
  name: string;
  /**
   * Where what is consumed carries its trace context (record headers, a
   * result's extensions): the first that holds one parents the span, and
   * with more than one, the span links to each.
   */
  carriers: readonly TraceCarrier[];
  /** @default none */
  attributes?: Attributes;
}

/**
 * Runs `work` in a CONSUMER span that continues the trace of what it
 * consumes, so that what `work` publishes (a record, a result) carries the
 * same trace on. A batch of records from many traces belongs to the first
 * one's and links to every other's (OpenTelemetry's messaging conventions
 * for batches); with none, the span starts a trace. A failure is recorded on
 * the span and rethrown.
 */
export function withConsumerSpan<T>(options: ConsumerSpanOptions, work: () => Promise<T>): Promise<T> {
  const { name, carriers, attributes } = options;
  const parents = carriers.filter(carriesTraceContext).map(extractTraceContext);
  const links: Link[] = [];
  if (parents.length > 1) {
    for (const parent of parents) {
      const linked = trace.getSpanContext(parent);
      if (linked) links.push({ context: linked });
    }
  }
  return withSpan(name, { kind: SpanKind.CONSUMER, links, parent: parents[0] ?? ROOT_CONTEXT, ...(attributes ? { attributes } : {}) }, work);
}
