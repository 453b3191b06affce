import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/index.ts';
import { injectTraceContext, readTracingConfig, startTracing, tracer } from '../../telemetry/index.ts';
import { closeServer } from '../../server/index.ts';
import { useLeftovers } from '../support/leftovers.ts';

/** A sampled span context from elsewhere: a propagator that works writes it out. */
const REMOTE = trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1, isRemote: true });

/** Whether this process traces: a provider records spans, a propagator writes trace headers. */
const tracingIsRegistered = () => ({
  provider: (trace.getTracerProvider() as ProxyTracerProvider).getDelegate().constructor.name,
  recording: trace.getTracer('probe').startSpan('probe').isRecording(),
  headers: injectTraceContext({}, REMOTE),
});
const NOTHING_REGISTERED = { provider: 'NoopTracerProvider', recording: false, headers: {} };

interface OtlpRequest {
  path: string | undefined;
  contentType: string | undefined;
  body: { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string }[] }[] }[] };
}

/** An OTLP/HTTP receiver on a free port; `received` settles with the first export. */
async function startOtlpReceiver() {
  let receive!: (request: OtlpRequest) => void;
  const received = new Promise<OtlpRequest>((resolve) => (receive = resolve));
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      receive({ path: request.url, contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpRequest['body'] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => closeServer(server) };
}

describe('startTracing', () => {
  const leftovers = useLeftovers();

  it('without an OTLP endpoint registers nothing: no provider, no exporter, no propagator', async () => {
    const tracing = await startTracing({ component: 'gateway', env: { OTEL_SERVICE_NAME: 'named-but-not-exported' } });
    expect(tracing).toMatchObject({ enabled: false, tracesUrl: undefined });
    expect(tracingIsRegistered()).toEqual(NOTHING_REGISTERED);
    await tracing.close();

    // OTEL_SDK_DISABLED wins over an endpoint.
    const disabled = await startTracing({ component: 'gateway', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' } });
    expect(disabled.enabled).toBe(false);
    expect(tracingIsRegistered()).toEqual(NOTHING_REGISTERED);
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT exports spans over OTLP/HTTP, flushed on close, and unregisters', async () => {
    const receiver = leftovers.track(await startOtlpReceiver());
    const tracing = leftovers.track(await startTracing({ component: 'podcasts', env: { OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` } }));
    expect(tracing).toMatchObject({ enabled: true, serviceName: 'meshgraph-podcasts', tracesUrl: `${receiver.url}/v1/traces` });
    await expect(startTracing({ component: 'again', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } })).rejects.toThrow(/already started/);

    const headers = tracer().startActiveSpan('exported span', (span) => {
      span.end();
      return injectTraceContext({});
    });
    expect(headers).toEqual({ traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) });
    expect(injectTraceContext({}, REMOTE)).toEqual({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });

    await tracing.close();
    const request = await receiver.received;
    expect(request).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
    const [resourceSpans] = request.body.resourceSpans;
    expect(resourceSpans?.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'meshgraph-podcasts' } });
    expect(resourceSpans?.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name))).toEqual(['exported span']);
    expect(tracingIsRegistered()).toEqual(NOTHING_REGISTERED);
  });
});

describe('readTracingConfig', () => {
  it('reads the standard OpenTelemetry variables', () => {
    expect(readTracingConfig({}, 'artists')).toEqual({ tracesUrl: undefined, serviceName: 'meshgraph-artists' });
    expect(readTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, 'artists').tracesUrl).toBe('http://jaeger:4318/v1/traces');
    // The traces endpoint is the whole URL, and wins over the base one.
    expect(
      readTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/traces', OTEL_SERVICE_NAME: 'royalties' }, 'artists'),
    ).toEqual({ tracesUrl: 'https://collector/traces', serviceName: 'royalties' });
  });

  it('stops at start-up on an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => readTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'gateway')).toThrow(ConfigError);
    expect(() => readTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost' }, 'gateway')).toThrow(/OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http\(s\) URL .* but is "localhost"/);
  });
});
