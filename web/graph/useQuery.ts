import { useEffect, useState } from 'preact/hooks';
import { useSession } from '../session/session.ts';
import { request } from './request.ts';

/** What a query has given so far. */
export interface QueryState<T> {
  data?: T;
  error?: Error;
  loading: boolean;
}

/**
 * Runs `query` whenever it or `variables` change, and again every `pollMs`
 * when given. A newer request aborts the one in flight, so typing fast in a
 * search box never shows an older answer over a newer one. The last data
 * stays while the next request runs. Signing in or out runs it again: what
 * governance serves depends on the viewer.
 */
export function useQuery<T>(query: string, variables: Record<string, unknown>, { pollMs }: { pollMs?: number } = {}): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ loading: true });
  const key = JSON.stringify(variables);
  const viewer = useSession()?.token;
  useEffect(() => {
    let aborter: AbortController | undefined;
    const run = () => {
      aborter?.abort();
      const current = (aborter = new AbortController());
      setState((previous) => ({ ...previous, loading: true }));
      request<T>(query, variables, current.signal).then(
        (data) => !current.signal.aborted && setState({ data, loading: false }),
        (error: unknown) => !current.signal.aborted && setState((previous) => ({ ...previous, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
      );
    };
    run();
    const timer = pollMs ? setInterval(run, pollMs) : undefined;
    return () => {
      aborter?.abort();
      clearInterval(timer);
    };
  }, [query, key, pollMs, viewer]);
  return state;
}
