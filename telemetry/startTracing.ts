import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Env } from '../config/index.ts';
import { readTracingConfig } from './readTracingConfig.ts';

export interface TracingOptions {
  /** The service, e.g. `gateway` or `podcasts`: spans carry `service.name` `meshgraph-<component>` unless `OTEL_SERVICE_NAME` says otherwise. */
  component: string;
  /** Where the `OTEL_*` variables are read. @default process.env */
  env?: Env;
  /**
   * Where spans go instead of OTLP (e.g. a `SimpleSpanProcessor` over an
   * in-memory exporter, in tests); with it, tracing is on whatever the
   * environment says. @default a `BatchSpanProcessor` over OTLP/HTTP when an
   * endpoint is configured; none (tracing off) otherwise
   */
  spanProcessor?: SpanProcessor;
}

/** Tracing as started for a process. */
export interface Tracing {
  /** Whether spans are recorded: a provider is registered. */
  readonly enabled: boolean;
  /** The `service.name` spans carry. */
  readonly serviceName: string;
  /** The OTLP/HTTP traces URL spans are exported to, if they are. */
  readonly tracesUrl: string | undefined;
  /** Exports every span ended so far. */
  flush(): Promise<void>;
  /** Flushes, shuts the exporter down and unregisters the provider, propagator and context manager (idempotent). */
  close(): Promise<void>;
}

/** The tracing this process started and has not closed: only one provider can be global. */
let running: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing for a service when an OTLP endpoint is
 * configured (see `readTracingConfig`): a `NodeTracerProvider` (spans follow
 * async calls), the W3C trace-context propagator, and a batching OTLP/HTTP
 * exporter. Without an endpoint nothing is loaded or registered: every
 * tracer, `@apollo/gateway`'s included, stays the API's no-op one, and trace
 * headers are neither read nor written. Close it when the service stops, so
 * the last spans are exported. Start it once per process, before the
 * services: a tracer obtained while a provider is registered (`@apollo/gateway`
 * keeps one) stays bound to that provider.
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  const { component, env = process.env, spanProcessor } = options;
  const { tracesUrl, serviceName } = readTracingConfig(env, component);
  if (!spanProcessor && !tracesUrl) {
    return { enabled: false, serviceName, tracesUrl: undefined, flush: async () => {}, close: async () => {} };
  }
  if (running) throw new Error(`Tracing is already started in this process (service "${running.serviceName}"): close it before starting it again.`);
  // Loaded only when tracing is on: a service without an endpoint pays nothing at start-up.
  const [{ NodeTracerProvider }, { BatchSpanProcessor }, { OTLPTraceExporter }, { W3CTraceContextPropagator }, { defaultResource, resourceFromAttributes }, { ATTR_SERVICE_NAME }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
    ]);
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    spanProcessors: [spanProcessor ?? new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }))],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  let closing: Promise<void> | undefined;
  const tracing: Tracing = {
    enabled: true,
    serviceName,
    tracesUrl: spanProcessor ? undefined : tracesUrl,
    flush: () => provider.forceFlush(),
    close() {
      closing ??= (async () => {
        try {
          await provider.shutdown();
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
          running = undefined;
        }
      })();
      return closing;
    },
  };
  running = tracing;
  return tracing;
}
