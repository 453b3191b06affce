// The gateway's subgraph bodies are JSON.stringify({ query, … }), so the
// operation keyword is at a known place.
const QUERY_BODY = /^\{"query":"(query\b|\{)/;

/** Whether a subgraph request body is a query (safe to share or to send twice), not a mutation. */
export function isQueryBody(body: unknown): body is string {
  return typeof body === 'string' && QUERY_BODY.test(body);
}
