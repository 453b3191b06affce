import { isQueryBody } from './queryBody.ts';

/** A fetch function, as `RemoteGraphQLDataSource` calls it. */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

interface SharedResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}


/**
 * Wraps `fetcher` so that identical subgraph queries in flight at the same
 * time (same URL, body and headers: the same operation, variables and caller
 * context) share one upstream request. Each caller gets its own `Response`,
 * so nothing parsed from it is shared between requests.
 */
export function dedupeInflight(fetcher: Fetch): Fetch & { shared: () => number } {
  const inflight = new Map<string, Promise<SharedResponse>>();
  let shared = 0;
  const dedupingFetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const body = init.body;
    // Only queries are shared: a mutation must run once per caller.
    if ((init.method ?? 'GET') !== 'POST' || !isQueryBody(body)) return fetcher(url, init);
    const headers = Object.entries((init.headers ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    const key = JSON.stringify([url, headers, body]);
    let pending = inflight.get(key);
    if (pending) shared++;
    else {
      pending = fetcher(url, init).then(async (response) => ({
        status: response.status,
        statusText: response.statusText,
        headers: [...response.headers],
        body: await response.text(),
      }));
      inflight.set(key, pending);
      const forget = () => inflight.delete(key);
      pending.then(forget, forget);
    }
    const { status, statusText, headers: responseHeaders, body: text } = await pending;
    return new Response(text, { status, statusText, headers: responseHeaders });
  };
  return Object.assign(dedupingFetch, { shared: () => shared });
}
