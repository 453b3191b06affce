import { createBackoff, type BackoffOptions } from '../common/index.ts';

export interface RestartBackoffOptions {
  /** The waits before restarts in a row. @default { initialDelayMs: 1_000, maxDelayMs: 30_000 } */
  backoff?: BackoffOptions;
  /** How long a service must have run since it was ready for its next crash to count as the first again. @default 60_000 */
  healthyAfterMs?: number;
  /** The clock, in milliseconds (tests pass their own). @default performance.now */
  now?: () => number;
}

/** One supervised service's restarts. */
export interface RestartBackoff {
  /** The service said it is ready. */
  ready(): void;
  /** The service exited: the wait before starting it again. */
  exited(): number;
  /** Restarts so far since the last healthy run. */
  readonly restarts: number;
}

/**
 * The supervisor's wait before restarting a service that exited: it grows
 * with each crash in a row (exponential, with jitter), and starts from the
 * first step again once the service had run for `healthyAfterMs` after it
 * was ready, so that a crash a week after the last one is not delayed as if
 * the service crashed in a loop.
 */
export function createRestartBackoff({ backoff, healthyAfterMs = 60_000, now = () => performance.now() }: RestartBackoffOptions = {}): RestartBackoff {
  const waits = createBackoff(backoff, { initialDelayMs: 1_000, maxDelayMs: 30_000 });
  let restarts = 0;
  let readyAt: number | undefined;
  return {
    ready() {
      readyAt = now();
    },
    exited() {
      if (readyAt !== undefined && now() - readyAt >= healthyAfterMs) restarts = 0;
      readyAt = undefined;
      return waits.delay(restarts++);
    },
    get restarts() {
      return restarts;
    },
  };
}
