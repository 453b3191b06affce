/** Samples of an ever-growing count, turned into a rate over a sliding window. */
export interface RateMeter {
  /** Notes the count now. */
  sample(count: number, at?: number): void;
  /** Per second over the window (0 before two samples). */
  perSecond(): number;
}

/** A rate over the last `windowMs` (a minute by default), from samples of a counter. */
export function createRateMeter(windowMs = 60_000): RateMeter {
  const samples: { at: number; count: number }[] = [];
  return {
    sample(count, at = Date.now()) {
      samples.push({ at, count });
      // Keep one sample older than the window, so the rate spans all of it.
      while (samples.length > 2 && samples[1]!.at <= at - windowMs) samples.shift();
    },
    perSecond() {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last || last.at === first.at) return 0;
      return Math.max(0, (last.count - first.count) / ((last.at - first.at) / 1_000));
    },
  };
}
