import type { AccessAgreement, AgreementStatus } from './AccessAgreement.ts';
import type { Registry } from 'prom-client';
import type { AccessPath, AccessRecord } from './AccessDecision.ts';
import type { Consumer } from './Consumer.ts';
import type { GovernanceResolvers } from './graphql/GovernanceResolvers.ts';
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
  /** Resolves once what is queued is appended (`createAuditTrail`'s does; tests await it before reading the audit). */
  flush?(): Promise<void>;
  /** Its Prometheus series (`meshgraph_audit_*`), which the gateway serves on `/metrics` beside its own. */
  readonly metrics?: Registry;
}

/** One consumer's use of a data product, as the audit tells it. */
export interface ConsumerUse {
  /** Consumer id, or `anonymous`. */
  readonly consumer: string;
  /** How it reached the data, each path once. */
  readonly paths: readonly AccessPath[];
  /** ISO-8601 time of its latest access. */
  readonly lastSeenAt: string;
  /** Its accesses recorded. */
  readonly count: number;
}

/** Which access records of a data product `AccessLog.accessLog` answers; filters combine. */
export interface AccessLogQuery {
  readonly urn: string;
  /** ISO-8601: records at or after it. */
  readonly from?: string;
  /** ISO-8601: records at or before it. */
  readonly to?: string;
  /** Only this consumer's records. */
  readonly consumer?: string;
  /** How many at most. @default 100 */
  readonly first?: number;
}

/** The audit read back: who read each data product, from the audit topic. */
export interface AccessLog {
  /** Resolves once it has read every record appended to the audit before the call. */
  sync(): Promise<void>;
  /** The access records of a data product, newest first. */
  accessLog(query: AccessLogQuery): AccessRecord[];
  /** Who used a data product, by consumer id, the latest first. */
  consumersOf(urn: string): ConsumerUse[];
}

/** The gateway's governance: who calls, what the policy says, who was granted what, and what was read. */
export interface Governance {
  policy: MeshPolicy;
  authenticator: Authenticator;
  agreements: AgreementBook;
  audit: AuditTrail;
  /** Resolvers of governance's GraphQL API (`createAgreementResolvers`), served by the gateway's catalog subgraph. @default none: those fields answer that governance is off */
  resolvers?: readonly GovernanceResolvers[];
  /** The audit read back, for `accessLog` and the catalog's consumers by identity. @default none: the catalog shows the client names the domains observed */
  accessLog?: AccessLog;
  /** A stable keyed hash of a value (`createPseudonymiser`): what a consumer gets of a field served pseudonymised. */
  pseudonymise(value: unknown): string;
  /** The consumers' webhook deliveries (`createWebhookDeliveries`): their Prometheus series (`meshgraph_webhook_*`), which the gateway serves on `/metrics`. @default none */
  webhooks?: { readonly metrics: Registry };
}
