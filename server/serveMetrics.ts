import type { Registry } from 'prom-client';
import type { RouteHandler } from './createHttpServer.ts';

/** The `GET /metrics` handler: the registry in Prometheus text, with the registry's content type. */
export function serveMetrics(registry: Registry): RouteHandler {
  return async (_request, response) => {
    const text = await registry.metrics();
    response.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text) });
    response.end(text);
  };
}
