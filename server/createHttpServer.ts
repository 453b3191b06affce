import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger/index.ts';
import { ErrorCode } from '../schema/index.ts';
import { sendGraphQLError, sendJson } from './sendJson.ts';

/** Handles one route; `url` is the parsed request URL. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void> | void;

/** A path and the handlers of the methods it accepts. */
export interface Route {
  /** An exact path, or a prefix ending in `/*` (e.g. `/catalog/*`). */
  path: string;
  methods: Partial<Record<'GET' | 'POST' | 'OPTIONS', RouteHandler>>;
}

export interface HttpServerOptions {
  routes: readonly Route[];
  logger: Logger;
  /** Called when each response has been sent; `path` is a route's path or `unknown`. */
  onResponse?: (path: string, status: number, seconds: number) => void;
  /**
   * Time a client has to send a whole request, headers and body; past it the
   * server answers 408 and closes the connection, so slow clients cannot hold
   * connections for minutes. It ends when the request is received, not when
   * it is answered.
   * @default 10_000
   */
  requestReadTimeoutMs?: number;
}

/**
 * A plain `node:http` server with a route table: 404 for unknown paths, 405
 * with `Allow` for unknown methods, a 500 that hides the cause (logged)
 * when a handler throws, and 408 for a request not received within
 * `requestReadTimeoutMs`.
 */
export function createHttpServer({ routes, logger, onResponse, requestReadTimeoutMs = 10_000 }: HttpServerOptions): Server {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  // A path ending in `/*` takes everything under it, e.g. `/catalog/*`.
  const byPrefix = routes.filter((route) => route.path.endsWith('/*')).map((route) => ({ prefix: route.path.slice(0, -1), route }));
  const readTimeouts = {
    headersTimeout: requestReadTimeoutMs,
    requestTimeout: requestReadTimeoutMs,
    // Node looks for expired requests this often (30 s by default, longer than the limit itself).
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, requestReadTimeoutMs / 4)),
  };
  return createServer(readTimeouts, (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = byPath.get(url.pathname) ?? byPrefix.find(({ prefix }) => url.pathname.startsWith(prefix))?.route;
    if (onResponse) {
      const started = performance.now();
      response.once('finish', () => onResponse(route ? route.path : 'unknown', response.statusCode, (performance.now() - started) / 1000));
    }
    if (!route) {
      sendJson(response, 404, { error: `No route "${url.pathname}". Routes: ${[...byPath.keys()].join(', ')}.` });
      return;
    }
    const handler = route.methods[(request.method ?? 'GET') as keyof Route['methods']];
    if (!handler) {
      response.setHeader('allow', Object.keys(route.methods).join(', '));
      sendJson(response, 405, { error: `Method ${request.method} is not allowed on "${url.pathname}".` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request, response, url))
      .catch((error: unknown) => {
        if (request.destroyed && !request.complete) {
          // The client went away, or was cut off for sending too slowly, before its request was received: nothing failed here.
          logger.debug('request abandoned before it was received', { path: url.pathname, reason: error instanceof Error ? error.message : String(error) });
          return;
        }
        logger.error('request failed', { path: url.pathname, err: error });
        sendGraphQLError(response, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Unexpected error; the server log has the details.');
      });
  });
}

/** Starts listening and resolves with the bound port (useful with port 0). */
export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting connections and closes idle and active ones, so shutdown never hangs. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
