import type { ExportResult } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Spans of this process as they end, for tests to wait on (pass `processor` to `startTracing`). */
export interface SpanRecorder {
  /** Exports each span as it ends, to the recorder. */
  processor: SimpleSpanProcessor;
  /** Every span ended so far. */
  spans(): ReadableSpan[];
  /** The first span ended, or else the next to end, that `matches`. */
  waitFor(matches: (span: ReadableSpan) => boolean): Promise<ReadableSpan>;
}

/** An in-memory span exporter that wakes the tests waiting for a span. */
class WaitableSpanExporter extends InMemorySpanExporter {
  readonly exported = new Set<() => void>();

  override export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    super.export(spans, done);
    for (const wake of [...this.exported]) wake();
  }
}

/** Records the spans of this process in memory. */
export function createSpanRecorder(): SpanRecorder {
  const exporter = new WaitableSpanExporter();
  return {
    processor: new SimpleSpanProcessor(exporter),
    spans: () => exporter.getFinishedSpans(),
    waitFor(matches) {
      const found = () => exporter.getFinishedSpans().find(matches);
      return new Promise<ReadableSpan>((resolve) => {
        const wake = () => {
          const span = found();
          if (!span) return;
          exporter.exported.delete(wake);
          resolve(span);
        };
        exporter.exported.add(wake);
        wake();
      });
    },
  };
}
