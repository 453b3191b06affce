/** How a consumer reached data. */
export type AccessPath = 'query' | 'subscription' | 'entity' | 'export' | 'direct' | 'catalog';

/** What the policy decided for one field: served as is, served masked (null or a pseudonym), or refused. */
export type FieldDecision = 'allowed' | 'masked' | 'denied';

/**
 * One access decision, as the audit records it: one per operation and data
 * product it touched.
 */
export interface AccessRecord {
  /** ISO-8601. */
  readonly at: string;
  /** Consumer id, or `anonymous`. */
  readonly consumer: string;
  readonly urn: string;
  /** Field coordinates (`Listener.email`) of the data product the operation asked for. */
  readonly fields: readonly string[];
  /** Of those, the ones masked or denied, with the policy rule that did it. */
  readonly restricted: readonly { field: string; decision: Exclude<FieldDecision, 'allowed'>; rule: string }[];
  /** `allowed` when every field was served as is, else `masked` or `denied` (the strongest). */
  readonly decision: FieldDecision;
  readonly path: AccessPath;
  /** The agreement that granted access, if one did. */
  readonly agreement?: string;
  /** Its purpose. */
  readonly purpose?: string;
  /** The operation's name, if it has one. */
  readonly operationName?: string;
  /** SHA-256 of the operation's document (hex). */
  readonly operationHash?: string;
}
