/** A running ticker. */
export interface Ticker {
  stop(): void;
}

/**
 * Calls `emit(count)` every 100 ms with as many facts as keep the average at
 * `ratePerSecond` (fractions carry over, so 0.5/s emits one every 2 s). A tick
 * waits for the previous `emit` to finish; a failing emit is reported, not thrown.
 */
export function startTicker(ratePerSecond: number, emit: (count: number) => Promise<void>, onError: (error: unknown) => void): Ticker {
  let owed = 0;
  let busy = false;
  const timer = setInterval(() => {
    owed += ratePerSecond / 10;
    const count = Math.floor(owed);
    if (busy || count === 0) return;
    owed -= count;
    busy = true;
    emit(count)
      .catch(onError)
      .finally(() => (busy = false));
  }, 100);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
