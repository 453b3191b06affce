import type { QualityRule } from '../../../schema/index.ts';
import type { RuleCheck } from './RuleCheck.ts';

/** A uniqueness check with the values it remembers, which a checkpoint saves. */
export interface UniqueValuesCheck<T> extends RuleCheck<T> {
  /** The values remembered, oldest first. */
  snapshot(): string[];
  /** Remembers these values (from a checkpoint), oldest first. */
  restore(values: readonly string[]): void;
}

/**
 * Checks a `duplicateValues` rule: an event whose value was already accepted
 * breaks it. Only the `window` most recent values are remembered, so memory
 * stays bounded: a producer's retry or a replayed record arrives well within
 * it; a duplicate of a much older record is not caught.
 */
export function uniqueValues<T>(rule: QualityRule, valueOf: (event: T) => string, window = 100_000): UniqueValuesCheck<T> {
  const seen = new Set<string>();
  // The values in a ring, oldest at `next` once full: taking the oldest out of the Set itself
  // (its first value) skips the deleted entries each time, and 300,000 plays took 45 s.
  const ring: string[] = [];
  let next = 0;
  const remember = (value: string) => {
    if (seen.has(value)) return;
    seen.add(value);
    if (ring.length < window) {
      ring.push(value);
      return;
    }
    seen.delete(ring[next]!);
    ring[next] = value;
    next = (next + 1) % window;
  };
  return {
    rule,
    test: (event) => (seen.has(valueOf(event)) ? `${rule.property ?? 'value'} "${valueOf(event)}" was already counted` : undefined),
    accept: (event) => remember(valueOf(event)),
    snapshot: () => [...ring.slice(next), ...ring.slice(0, next)],
    restore(values) {
      for (const value of values) remember(value);
    },
  };
}
