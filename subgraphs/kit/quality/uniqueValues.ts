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
  // A Set iterates in insertion order, so its first value is the oldest.
  const seen = new Set<string>();
  const remember = (value: string) => {
    seen.add(value);
    if (seen.size > window) seen.delete(seen.values().next().value!);
  };
  return {
    rule,
    test: (event) => (seen.has(valueOf(event)) ? `${rule.property ?? 'value'} "${valueOf(event)}" was already counted` : undefined),
    accept: (event) => remember(valueOf(event)),
    snapshot: () => [...seen],
    restore(values) {
      for (const value of values) remember(value);
    },
  };
}
