import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { extractTraceContext } from './traceContext.ts';
import { withSpan } from './withSpan.ts';

/** A `node:http` request handler, with whatever else its router passes. */
export type HttpHandler<A extends unknown[]> = (request: IncomingMessage, response: ServerResponse, ...rest: A) => Promise<void> | void;

/** What a request's span is called and says. */
export interface HttpSpanOptions {
  /** The span's name, e.g. `subgraph.request`. */
  name: string;
  /** Added to every request's span, e.g. which subgraph serves it. @default none */
  attributes?: Attributes;
}

/**
 * Wraps an HTTP handler so that each request runs in a SERVER span named
 * `name`, the child of the caller's `traceparent` when it sent one: spans the
 * handler starts (and requests it makes) join the caller's trace. A 5xx
 * status or a thrown error marks the span as failed.
 */
export function traceHttpRequest<A extends unknown[]>({ name, attributes }: HttpSpanOptions, handler: HttpHandler<A>): HttpHandler<A> {
  return (request, response, ...rest) =>
    withSpan(
      name,
      {
        kind: SpanKind.SERVER,
        parent: extractTraceContext(request.headers),
        attributes: { ...attributes, 'http.request.method': request.method ?? 'GET', 'url.path': request.url?.split('?')[0] ?? '/' },
      },
      async (span) => {
        await handler(request, response, ...rest);
        span.setAttribute('http.response.status_code', response.statusCode);
        if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      },
    );
}
