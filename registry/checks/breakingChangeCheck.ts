import type { FieldUse } from '../usage/FieldUse.ts';
import { breakingChanges, DEFAULT_USAGE_WINDOW_DAYS } from './breakingChanges.ts';
import { eventContractChanges } from './eventContractChanges.ts';
import type { SubgraphCheck } from './SubgraphCheck.ts';

export interface BreakingChangeCheckOptions {
  /** What consumers used, read at each check (the usage log's `usage`). */
  usage: () => readonly FieldUse[] | Promise<readonly FieldUse[]>;
  /** Days back in which a use makes a change breaking. @default 30 */
  windowDays?: number;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * The check of a candidate against the publication it replaces and real
 * use, for `checkSubgraph`'s `extraChecks`: `breakingChanges` of its SDL
 * against what consumers used, and `eventContractChanges` of its topics'
 * contracts against the mesh's consumers of them. A first publication has
 * nothing to break.
 */
export function breakingChangeCheck(options: BreakingChangeCheckOptions): SubgraphCheck {
  const { usage, windowDays = DEFAULT_USAGE_WINDOW_DAYS, now = Date.now } = options;
  return async function breakingChange({ candidate, current, others }) {
    if (!current) return [];
    return [
      ...breakingChanges({ current: current.sdl, candidate: candidate.sdl, usage: await usage(), now: now(), windowDays }),
      ...eventContractChanges({ current: current.descriptors, candidate: candidate.descriptors, others }),
    ];
  };
}
