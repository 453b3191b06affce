import type { Backoff } from './createBackoff.ts';
import { sleep as realSleep } from './sleep.ts';

/** A failed try about to be retried. */
export interface RetryFailure {
  /** What the try threw. */
  error: unknown;
  /** Which try failed, from 1. */
  attempt: number;
  /** The wait before the next try. */
  delayMs: number;
}

export interface RetryOptions {
  /** The waits between tries. */
  backoff: Backoff;
  /** Whether a failure is worth another try; one that is not is thrown at once. @default every failure is */
  retryOn?: (error: unknown) => boolean;
  /** Tries in all, the first included; the last failure is thrown. @default Infinity */
  maxAttempts?: number;
  /** Stops the waiting and the trying: `retry` rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait (to log it, count it). */
  onRetry?: (failure: RetryFailure) => void;
  /** How to wait; tests pass one that does not. @default a timer that `signal` cancels */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `run` until it resolves, waiting as `backoff` says between tries.
 * `run` gets the number of the try, from 1.
 */
export async function retry<T>(run: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { backoff, retryOn = () => true, maxAttempts = Infinity, signal, onRetry, sleep = realSleep } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await run(attempt);
    } catch (error) {
      signal?.throwIfAborted();
      if (attempt >= maxAttempts || !retryOn(error)) throw error;
      const delayMs = backoff.delay(attempt - 1);
      onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs, signal);
    }
  }
}
