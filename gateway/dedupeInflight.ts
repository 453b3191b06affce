import { bodyText, isQueryBody } from './queryBody.ts';
import { bytesOf, headersOf, SubgraphAnswer } from './SubgraphAnswer.ts';
import { joinShared, type SharedWork } from './joinShared.ts';

/** A fetch function, as `RemoteGraphQLDataSource` calls it. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

interface SharedResponse {
  status: number;
  statusText: string;
  /** Read, never changed, by every caller. */
  headers: SubgraphAnswer['rawHeaders'];
  /** Kept as bytes: each caller reads them as the subgraph sent them. */
  body: Uint8Array;
}


/**
 * Wraps `fetcher` so that identical subgraph queries in flight at the same
 * time (same URL, body and headers: the same operation, variables and caller
 * context) share one upstream request. Each caller parses the shared bytes
 * itself, so nothing parsed from them is shared between requests. A caller's `signal`
 * ends its own wait; the upstream request is aborted once every caller's
 * signal did.
 */
export function dedupeInflight(fetcher: Fetch): Fetch & { shared: () => number } {
  // By URL and headers, then by body: the body is a key of its own, never copied into a longer one.
  const inflight = new Map<string, Map<string, SharedWork<SharedResponse>>>();
  let shared = 0;
  const dedupingFetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const { body, signal, ...rest } = init;
    // Only queries are shared: a mutation must run once per caller.
    if ((init.method ?? 'GET') !== 'POST' || !isQueryBody(body)) return fetcher(url, init);
    signal?.throwIfAborted();
    const headers = Object.entries((init.headers ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    // Header names and values hold no line break, so the parts cannot run into each other.
    const target = `${url}\n${headers.map(([name, value]) => `${name}: ${value}`).join('\n')}`;
    const key = bodyText(body);
    let sameTarget = inflight.get(target);
    if (!sameTarget) inflight.set(target, (sameTarget = new Map()));
    const bodies = sameTarget;
    let pending = bodies.get(key);
    if (pending) shared++;
    else {
      const abort = new AbortController();
      const response = fetcher(url, { ...rest, body, signal: abort.signal }).then(async (answer) => ({
        status: answer.status,
        statusText: answer.statusText,
        headers: headersOf(answer),
        body: await bytesOf(answer),
      }));
      pending = { result: response, waiting: 0, abort };
      bodies.set(key, pending);
      const forget = () => {
        bodies.delete(key);
        if (bodies.size === 0 && inflight.get(target) === bodies) inflight.delete(target);
      };
      response.then(forget, forget);
    }
    // A caller that gives up gets its signal's reason; the last one aborts the upstream request.
    const { status, statusText, headers: responseHeaders, body: bytes } = await joinShared(pending, signal, () => Promise.reject(signal!.reason));
    // A view of the shared answer: its bytes and headers are only read.
    return new SubgraphAnswer(status, statusText, responseHeaders, bytes).asResponse();
  };
  return Object.assign(dedupingFetch, { shared: () => shared });
}
