import type { AccessAgreement, AgreementStatus } from './AccessAgreement.ts';
import type { AccessRecord } from './AccessDecision.ts';
import type { Consumer } from './Consumer.ts';
import type { MeshPolicy } from './policy/MeshPolicy.ts';

/** Tells who a caller is from its credentials. */
export interface Authenticator {
  /**
   * The consumer that `credentials` (an `Authorization` value: `Bearer <jwt>`
   * or `ApiKey <key>`) names; undefined when there are none (anonymous).
   * Rejects with `AuthenticationError` when they are bad in any way.
   */
  authenticate(credentials: string | undefined): Promise<Consumer | undefined>;
}

/** The mesh's access agreements, as the governance topic holds them: every replica sees the same. */
export interface AgreementBook {
  /** The approved, unexpired agreement of `consumer` on `urn` that allows the most (a PII purpose first), if any. */
  granted(consumer: string, urn: string): AccessAgreement | undefined;
  /** Agreements matching every filter given. */
  list(filter: { urn?: string; consumer?: string; status?: AgreementStatus }): AccessAgreement[];
  /** Calls `listener` with each agreement that changed (on any replica), after it changed here. Returns how to stop. */
  onChange(listener: (agreement: AccessAgreement) => void): () => void;
}

/** The audit: every access decision, appended to the audit topic. */
export interface AuditTrail {
  /** Queues a record; it is appended in the next batch. Never blocks the request. */
  record(record: AccessRecord): void;
}

/** The gateway's governance: who calls, what the policy says, who was granted what, and what was read. */
export interface Governance {
  policy: MeshPolicy;
  authenticator: Authenticator;
  agreements: AgreementBook;
  audit: AuditTrail;
}
