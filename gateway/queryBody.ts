// The gateway's subgraph bodies are JSON of { query, … } (a string or its
// UTF-8 bytes), so the operation keyword is at a known place.
const QUERY_BODY = /^\{"query":"(query\b|\{)/;

/** Bytes enough to hold the start `QUERY_BODY` reads. */
const HEAD_BYTES = 32;

/** A request body as its text: a string as it is, bytes as Latin-1 (one character a byte, so two bodies are equal exactly when their bytes are). */
export function bodyText(body: string | Uint8Array, length = body.length): string {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, Math.min(length, body.byteLength)).toString('latin1');
}

/** Whether a subgraph request body is a query (safe to share or to send twice), not a mutation. */
export function isQueryBody(body: unknown): body is string | Uint8Array {
  if (typeof body === 'string') return QUERY_BODY.test(body);
  return body instanceof Uint8Array && QUERY_BODY.test(bodyText(body, HEAD_BYTES));
}
