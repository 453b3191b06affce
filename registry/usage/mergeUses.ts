import type { ObservedUse } from '../CheckReport.ts';

/**
 * Uses merged by `keyOf`: one per key, with the other fields of its first
 * use, operations merged (sorted), counts summed and the latest last use.
 */
export function mergeUses<U extends ObservedUse>(uses: Iterable<U>, keyOf: (use: U) => string): U[] {
  const merged = new Map<string, { use: U; operations: Set<string>; count: number; lastSeenAt: string }>();
  for (const use of uses) {
    const key = keyOf(use);
    const seen = merged.get(key);
    if (!seen) merged.set(key, { use, operations: new Set(use.operations), count: use.count, lastSeenAt: use.lastSeenAt });
    else {
      for (const operation of use.operations) seen.operations.add(operation);
      seen.count += use.count;
      if (use.lastSeenAt > seen.lastSeenAt) seen.lastSeenAt = use.lastSeenAt;
    }
  }
  return [...merged.values()].map(({ use, operations, count, lastSeenAt }) => ({ ...use, operations: [...operations].sort(), count, lastSeenAt }));
}
