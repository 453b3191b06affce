/**
 * The short reason of a failed fetch (`ECONNREFUSED`, `ETIMEDOUT`, `timeout`,
 * …) without the URL, which callers outside the mesh must not see. Node's
 * fetch puts the code on `cause`, node-fetch (used by `@apollo/gateway`) on
 * the error; a WebSocket error event carries the error as `error`.
 */
export function failureReason(error: unknown): string {
  const { code, cause, name, error: wrapped, message } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown }; name?: unknown; error?: unknown; message?: unknown };
  // A WebSocket `error` event (what a graphql-ws client reports) is no Error: the one that happened is inside it.
  if (!(error instanceof Error) && wrapped instanceof Error) return failureReason(wrapped);
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof code === 'string') return code;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (typeof message === 'string') return message;
  return String(error);
}
