import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';
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
  /** The publication of a subgraph a candidate would replace (the registry's latest, by name). @default the mesh's subgraph of that name that `checkSubgraph` was given */
  published?: (name: string) => RegisteredSubgraph | undefined;
}

/**
 * The check of a candidate against the publication it replaces and real
 * use, for `checkSubgraph`'s `extraChecks`: `breakingChanges` of its SDL
 * against what consumers used, and `eventContractChanges` of its topics'
 * contracts against the mesh's consumers of them. A first publication has
 * nothing to break.
 */
export function breakingChangeCheck(options: BreakingChangeCheckOptions): SubgraphCheck {
  const { usage, windowDays = DEFAULT_USAGE_WINDOW_DAYS, now = Date.now, published } = options;
  return async function breakingChange({ candidate, current: given, others }) {
    const current = published ? published(candidate.name) : given;
    if (!current) return [];
    return [
      ...breakingChanges({ current: current.sdl, candidate: candidate.sdl, usage: await usage(), now: now(), windowDays }),
      ...eventContractChanges({ current: current.descriptors, candidate: candidate.descriptors, others }),
    ];
  };
}
