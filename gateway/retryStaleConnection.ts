import type { Fetch } from './dedupeInflight.ts';
import { isQueryBody } from './queryBody.ts';

/** Errors of a pooled connection the subgraph closed just as the request went out. */
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

const errorCode = (error: unknown) => (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;

/**
 * Wraps `fetcher` so that a query whose keep-alive connection turns out to be
 * closed by the subgraph (a race every HTTP client with a pool can lose, and
 * loses more under load) is sent once more on a fresh connection. Mutations
 * are never sent twice.
 */
export function retryStaleConnection(fetcher: Fetch): Fetch {
  return async (url, init = {}) => {
    try {
      return await fetcher(url, init);
    } catch (error) {
      if (!STALE_CONNECTION.has(String(errorCode(error))) || !isQueryBody(init.body) || init.signal?.aborted) throw error;
      return fetcher(url, init);
    }
  };
}
