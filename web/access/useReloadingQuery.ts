import { useEffect, useState } from 'preact/hooks';
import { request } from '../graph/request.ts';
import type { QueryState } from '../graph/useQuery.ts';
import { useSession } from '../session/session.ts';

/**
 * Like `useQuery`, and runs again whenever `reloadKey` changes: after the
 * viewer's own decision, or when a notification says an agreement changed.
 * The last data stays while it runs, so a form beside it keeps what was typed.
 */
export function useReloadingQuery<T>(query: string, variables: Record<string, unknown>, reloadKey: unknown): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ loading: true });
  const key = JSON.stringify(variables);
  const viewer = useSession()?.token;
  useEffect(() => {
    const aborter = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    request<T>(query, variables, aborter.signal).then(
      (data) => !aborter.signal.aborted && setState({ data, loading: false }),
      (error: unknown) => !aborter.signal.aborted && setState((previous) => ({ ...previous, error: error instanceof Error ? error : new Error(String(error)), loading: false })),
    );
    return () => aborter.abort();
  }, [query, key, viewer, reloadKey]);
  return state;
}
