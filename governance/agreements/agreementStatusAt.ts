import type { AccessAgreement } from '../AccessAgreement.ts';

/** The agreement as it stands at `now` (epoch ms): an approved one past its `expiresAt` is `expired`. */
export function agreementStatusAt(agreement: AccessAgreement, now: number): AccessAgreement {
  return agreement.status === 'approved' && agreement.expiresAt !== undefined && Date.parse(agreement.expiresAt) <= now ? { ...agreement, status: 'expired' } : agreement;
}
