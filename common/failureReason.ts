/**
 * The short reason of a failed fetch (`ECONNREFUSED`, `ETIMEDOUT`, `timeout`,
 * …) without the URL, which callers outside the mesh must not see. Node's
 * fetch puts the code on `cause`, node-fetch (used by `@apollo/gateway`) on
 * the error.
 */
export function failureReason(error: unknown): string {
  const { code, cause, name } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown }; name?: unknown };
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof code === 'string') return code;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  return error instanceof Error ? error.message : String(error);
}
