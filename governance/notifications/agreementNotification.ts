import type { AccessAgreement, AgreementStatus } from '../AccessAgreement.ts';
import { productDomain } from '../agreements/productDomain.ts';
import type { Notification, NotificationKind } from './Notification.ts';

const KINDS: Record<AgreementStatus, NotificationKind> = {
  requested: 'ACCESS_REQUESTED',
  approved: 'ACCESS_APPROVED',
  rejected: 'ACCESS_REJECTED',
  revoked: 'ACCESS_REVOKED',
  expired: 'ACCESS_EXPIRED',
};

const because = (reason: string | undefined) => (reason ? `: “${reason}”` : '');

/** When the agreement came to its status: its request, its decision, or the end of its time. */
const changedAt = (agreement: AccessAgreement): string =>
  agreement.status === 'requested' ? agreement.requestedAt : agreement.status === 'expired' ? agreement.expiresAt! : (agreement.decidedAt ?? agreement.requestedAt);

function messageOf(agreement: AccessAgreement): string {
  const { consumer, urn, purpose, decidedBy, reason, expiresAt } = agreement;
  switch (agreement.status) {
    case 'requested':
      return `${consumer} asks for access to ${urn} for ${purpose}: “${agreement.justification}”. Approve or reject it with approveAccess or rejectAccess (agreement "${agreement.id}").`;
    case 'approved':
      return `${decidedBy === 'auto' ? 'The data product approved' : `${decidedBy} approved`} access of ${consumer} to ${urn} for ${purpose}, until ${expiresAt}${because(reason)}.`;
    case 'rejected':
      return `${decidedBy} rejected the request of ${consumer} for access to ${urn} for ${purpose}${because(reason)}.`;
    case 'revoked':
      return `${decidedBy} revoked access of ${consumer} to ${urn} for ${purpose}${because(reason)}: it ended at once.`;
    case 'expired':
      return `Access of ${consumer} to ${urn} for ${purpose} expired at ${expiresAt}; request it again to go on reading.`;
    default:
      throw new TypeError(`Unknown agreement status ${JSON.stringify(agreement.status satisfies never)}.`);
  }
}

/**
 * The notification of an agreement as it stands (its status at the time it
 * is read): a request is for the product's owners, a decision or an expiry
 * for the consumer (an auto-approval for the owners too); governance is told
 * of all.
 */
export function agreementNotification(agreement: AccessAgreement): Notification {
  const domain = productDomain(agreement.urn);
  const kind = KINDS[agreement.status];
  return {
    id: `${kind}:${agreement.id}`,
    kind,
    urn: agreement.urn,
    at: changedAt(agreement),
    message: messageOf(agreement),
    consumer: agreement.consumer,
    agreement,
    to: {
      consumers: agreement.status === 'requested' ? [] : [agreement.consumer],
      // The owners never saw a request the product approved on its own: they learn of the approval.
      owners: domain && (agreement.status === 'requested' || agreement.decidedBy === 'auto') ? [domain] : [],
    },
  };
}
