import { useEffect, useState } from 'preact/hooks';
import { execute, GraphQLRequestError } from '../graph/request.ts';
import { useSession } from '../session/session.ts';

/** A GraphQL error as the gateway sends it; governance's carry `extensions.code` FORBIDDEN, the rule, the field's classification and its product's URN. */
export interface GraphQLFieldError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; rule?: string; classification?: string; decision?: string; urn?: string };
}

/** Data and errors side by side: a page that shows why a field is null needs both. */
export interface GraphAnswer<T> {
  data: T | null;
  errors: GraphQLFieldError[];
}

/** Runs an operation and resolves with its data and its errors; rejects only when the gateway sent neither. */
export async function requestAnswer<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<GraphAnswer<T>> {
  const { status, body } = await execute<T>(query, variables, signal);
  if (!body.data && !body.errors?.length) throw new GraphQLRequestError(`The gateway answered HTTP ${status} without data.`);
  return { data: body.data ?? null, errors: (body.errors ?? []) as GraphQLFieldError[] };
}

/** What `useGraphAnswer` has so far. */
export interface AnswerState<T> {
  answer?: GraphAnswer<T>;
  error?: Error;
}

/**
 * Runs `query` (when there is one yet) whenever it, `variables` or the viewer
 * change, keeping the errors beside the data: what governance withholds
 * depends on who is signed in.
 */
export function useGraphAnswer<T>(query: string | undefined, variables: Record<string, unknown>): AnswerState<T> {
  const [state, setState] = useState<AnswerState<T>>({});
  const key = JSON.stringify(variables);
  const viewer = useSession()?.token;
  useEffect(() => {
    if (!query) return;
    const aborter = new AbortController();
    setState({});
    requestAnswer<T>(query, variables, aborter.signal).then(
      (answer) => !aborter.signal.aborted && setState({ answer }),
      (error: unknown) => !aborter.signal.aborted && setState({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => aborter.abort();
  }, [query, key, viewer]);
  return state;
}
