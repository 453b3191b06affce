/**
 * How the waits between tries grow: exponentially from `initialDelayMs` up to
 * `maxDelayMs`, with full jitter. Each use has defaults of its own, stated
 * where it creates its backoff (`createBackoff(options, defaults)`).
 */
export interface BackoffOptions {
  /** Ceiling of the first wait, in milliseconds; each next ceiling doubles. @default set by each use */
  initialDelayMs?: number;
  /** Largest ceiling, in milliseconds. @default set by each use */
  maxDelayMs?: number;
  /** `full`: each wait is a random share of its ceiling, so that clients that failed together do not retry together; `none`: the ceiling itself. @default 'full' */
  jitter?: 'full' | 'none';
  /** Numbers in [0, 1) for the jitter (tests pass their own). @default Math.random */
  random?: () => number;
}

/** A backoff policy: the wait before each retry. Stateless, so one may serve many loops. */
export interface Backoff {
  /** The wait before retry number `retry` (0 before the first retry), in whole milliseconds. */
  delay(retry: number): number;
  /** The ceiling of that wait, without jitter: `min(maxDelayMs, initialDelayMs * 2 ** retry)`. */
  ceiling(retry: number): number;
}

/**
 * Exponential backoff with full jitter ("Exponential Backoff And Jitter",
 * AWS Architecture Blog, 2015): the wait before retry `n` is uniform in
 * `[0, min(maxDelayMs, initialDelayMs * 2 ** n)]`. `defaults` are the
 * caller's own, for what `options` leaves out.
 */
export function createBackoff(options: BackoffOptions | undefined, defaults: { initialDelayMs: number; maxDelayMs: number }): Backoff {
  const { initialDelayMs = defaults.initialDelayMs, maxDelayMs = defaults.maxDelayMs, jitter = 'full', random = Math.random } = options ?? {};
  for (const [name, value] of Object.entries({ initialDelayMs, maxDelayMs })) {
    if (!(value >= 0 && Number.isFinite(value))) throw new RangeError(`backoff: "${name}" must be a number of milliseconds, 0 or more, but is ${value}.`);
  }
  const ceiling = (retry: number) => Math.min(maxDelayMs, initialDelayMs * 2 ** retry);
  return {
    ceiling,
    delay: jitter === 'none' ? ceiling : (retry) => Math.round(random() * ceiling(retry)),
  };
}
