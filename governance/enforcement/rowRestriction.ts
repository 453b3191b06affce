import { governs } from '../Consumer.ts';
import type { Classification } from '../../schema/index.ts';
import type { RowRule } from '../policy/index.ts';
import type { Restriction } from './decideField.ts';
import type { Rights } from './Rights.ts';

/** The response key under which the gateway fetches a row rule's field for itself (a client never sees it). */
export const ROW_KEY_PREFIX = '__meshgraph_row_';

/** The levels a row rule guards: personal and confidential fields, never public or internal ones. */
const GUARDED: ReadonlySet<Classification> = new Set(['confidential', 'pii']);

/** The row rules on `typeName` that apply to the caller: it lacks their region and does not own the data. */
export function rowRulesFor(typeName: string, levels: readonly { level: Classification; product: string }[], rights: Rights): RowRule[] {
  const { consumer, policy } = rights;
  if (!levels.some(({ level }) => GUARDED.has(level))) return [];
  if (levels.some(({ product }) => governs(consumer, product.split(':')[2] ?? ''))) return [];
  return policy.rowRules.filter((rule) => rule.type === typeName && !consumer?.regions.includes(rule.region));
}

/**
 * The restriction a row rule puts on one field of one row (data
 * localization): its `field` (fetched under `ROW_KEY_PREFIX + field`) names a
 * country of the rule's region, which the caller is not allowed.
 */
export function rowRestriction(rules: readonly RowRule[], row: Readonly<Record<string, unknown>>, rights: Rights): Restriction | undefined {
  for (const rule of rules) {
    const country = row[ROW_KEY_PREFIX + rule.field];
    if (typeof country === 'string' && rights.policy.regions[rule.region]?.includes(country)) {
      return { rule: rule.rule, decision: 'masked', pseudonymise: false, remedy: `a token allowed ${rule.region} data (its meshgraph_regions claim)` };
    }
  }
  return undefined;
}
