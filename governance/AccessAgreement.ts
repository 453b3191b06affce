/** Where an access agreement is in its life. */
export type AgreementStatus = 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';

/**
 * An access agreement: the edge of the mesh between a consumer and a data
 * product, for a stated purpose. Agreements live as events on the governance
 * topic; this is their current state.
 */
export interface AccessAgreement {
  /** Unique id, e.g. `agr-…`. */
  readonly id: string;
  /** The data product's URN. */
  readonly urn: string;
  /** The consumer's id. */
  readonly consumer: string;
  /** A purpose the mesh policy lists (`analytics`, `customer-support`, …); it says whether PII is allowed. */
  readonly purpose: string;
  /** Why the consumer asks, in its own words. */
  readonly justification: string;
  readonly status: AgreementStatus;
  readonly requestedAt: string;
  /** How many days the consumer asked for; the owner may approve fewer. @default the policy's `agreements.maxDays` */
  readonly requestedDays?: number;
  /** When the owner (or the product's auto-approval) decided; absent while requested. */
  readonly decidedAt?: string;
  /** Consumer id of who decided, or `auto` for a product's auto-approval. */
  readonly decidedBy?: string;
  /** The decider's reason (mandatory for a rejection or revocation). */
  readonly reason?: string;
  /** When an approved agreement ends on its own, ISO-8601. */
  readonly expiresAt?: string;
}
