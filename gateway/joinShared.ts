/** Work in flight that callers join: aborted once every one of them gave up. */
export interface SharedWork<T> {
  result: Promise<T>;
  /** Callers still waiting. Once the result came, it is never read again. */
  waiting: number;
  abort: AbortController;
}

/**
 * One caller's wait for `shared.result`. When the caller's `signal` aborts
 * first, it stops waiting with what `gaveUp` gives; the last caller to give up
 * aborts the shared work first (`gaveUp(true)`), so work nobody waits for
 * stops, and work somebody still waits for goes on.
 */
export async function joinShared<T>(shared: SharedWork<T>, signal: AbortSignal | null | undefined, gaveUp: (last: boolean) => T | Promise<T>): Promise<T> {
  shared.waiting++;
  if (!signal) return shared.result;
  let onAbort: (() => void) | undefined;
  const abandoned = new Promise<T>((resolve) => {
    onAbort = () => {
      const last = --shared.waiting === 0;
      if (last) shared.abort.abort(signal.reason);
      resolve(gaveUp(last));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([shared.result, abandoned]);
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}
