import { authorization } from '../session/session.ts';

/** The name the mesh's consumer counts and lineage know this app by. */
export const CLIENT_NAME = 'meshgraph-web';

/** A GraphQL answer without data: the errors, or what the HTTP answer was. */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';
}

/** The gateway's whole answer: data, and the errors saying why a field is null (governance's masks among them). */
export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/**
 * Runs an operation against the gateway's `POST /graphql`, as any client
 * does. Resolves with `data` even when some fields carry errors (a field
 * governance masks is null, the rest is served); rejects when there is no data.
 */
export async function request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  const { status, body } = await execute<T>(query, variables, signal);
  if (body.data) return body.data;
  throw new GraphQLRequestError(body.errors?.map((e) => e.message).join(' ') || `The gateway answered HTTP ${status} without data.`);
}

/** Runs an operation and resolves with the whole answer, errors included, for pages that show it as it came (the example query). */
export async function execute<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { ...requestHeaders(), 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as GraphQLResponse<T> };
}

/** What every request to the gateway says about its caller: this app's name, and the viewer's token when signed in. */
export function requestHeaders(): Record<string, string> {
  const signedIn = authorization();
  return { 'apollographql-client-name': CLIENT_NAME, ...(signedIn ? { authorization: signedIn } : {}) };
}
