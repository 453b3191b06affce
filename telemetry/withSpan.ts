import { context, SpanStatusCode, type Context, type Span, type SpanOptions } from '@opentelemetry/api';
import { tracer } from './tracer.ts';

/** A span's options, and its parent. */
export interface WithSpanOptions extends SpanOptions {
  /** The context whose span is the parent. @default the active context */
  parent?: Context;
}

/**
 * Runs `work` in a new active span named `name`, ended when `work` settles;
 * a failure is recorded on the span (the exception, an error status) and
 * rethrown.
 */
export function withSpan<T>(name: string, options: WithSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  const { parent = context.active(), ...spanOptions } = options;
  return tracer().startActiveSpan(name, spanOptions, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      span.recordException(error instanceof Error ? error : message);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      throw error;
    } finally {
      span.end();
    }
  });
}
