/** A GraphQL-over-HTTP response as a test sees it. */
export interface HttpResult<T = GraphQLBody> {
  status: number;
  headers: Headers;
  body: T;
}

/** A GraphQL response body. */
export interface GraphQLBody {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, any>;
}

/** POSTs a GraphQL request (or a raw body string) and parses the JSON answer. */
export async function postGraphQL(
  url: string,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string } | string,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: typeof request === 'string' ? request : JSON.stringify(request),
  });
  const text = await response.text();
  let body: GraphQLBody;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    throw new Error(`Expected JSON from ${url}, got HTTP ${response.status}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

/** GETs a JSON document. */
export async function getJson<T = any>(url: string): Promise<HttpResult<T>> {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}
