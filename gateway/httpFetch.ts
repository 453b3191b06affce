import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Fetch } from './dedupeInflight.ts';
import { SubgraphAnswer } from './SubgraphAnswer.ts';

// Pooled keep-alive connections to the subgraphs, as many as requests in flight need.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/**
 * The gateway's HTTP client to its subgraphs: a `fetch` over Node's own
 * `http` (keep-alive), answering a whole `SubgraphAnswer` rather than a
 * streamed `Response`. Per request it costs a fraction of the Fetch API's
 * (no web streams, no body mixins), which a query of several fetches pays
 * each time. Failures are shaped as fetch's: a `TypeError` whose `cause`
 * holds the socket's error (`ECONNREFUSED`, `ECONNRESET`…); an aborted
 * request rejects with the signal's reason.
 */
export const httpFetch: Fetch = (url, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? init.body : undefined;
    // Node sets Content-Length itself: the whole body goes to `end`.
    const headers = init.headers instanceof Headers ? Object.fromEntries(init.headers) : (init.headers as Record<string, string> | undefined);
    const onAbort = () => request.destroy(signal!.reason as Error);
    const fail = (error: Error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
    };
    const answer = (response: IncomingMessage) => {
      // An answer that came in one chunk is that chunk, not a copy of it.
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(new SubgraphAnswer(response.statusCode ?? 0, response.statusMessage ?? '', response.rawHeaders, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).asResponse());
      });
    };
    const request = (https ? httpsRequest : httpRequest)(target, { method: init.method ?? 'GET', headers, agent: https ? httpsAgent : httpAgent }, answer);
    request.on('error', fail);
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
