import { trace, type Tracer } from '@opentelemetry/api';

/**
 * The tracer of meshgraph's own spans. Until `startTracing` registers a
 * provider it is the API's no-op tracer: spans cost a few allocations and go
 * nowhere. Asked for at each use, not kept: a tracer obtained while a
 * provider is registered stays bound to it after it is closed.
 */
export function tracer(): Tracer {
  return trace.getTracer('meshgraph');
}
