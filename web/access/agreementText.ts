import type { Agreement } from './accessQueries.ts';
import { when } from './format.ts';

/** Until when an agreement holds: its expiry once approved, what was asked for before a decision. */
export function until(agreement: Agreement): string {
  if (agreement.expiresAt) return when(agreement.expiresAt);
  if (agreement.status === 'requested') return agreement.requestedDays ? `${agreement.requestedDays} days asked` : 'as long as the policy allows';
  return '—';
}

/** Who decided and why, in a few words. */
export function decision(agreement: Agreement): string {
  if (!agreement.decidedBy) return 'waiting for the owners';
  const by = agreement.decidedBy === 'auto' ? 'approved at once by the product' : `by ${agreement.decidedBy}, ${when(agreement.decidedAt)}`;
  return agreement.reason ? `${by}: “${agreement.reason}”` : by;
}
