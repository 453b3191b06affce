/** How much a problem found by a check weighs: an error refuses a publication, a warning is reported only. */
export type CheckSeverity = 'error' | 'warning';

/** Who uses a field or an event shape that a change removes or narrows, as the mesh observed it. */
export interface ObservedUse {
  /** The consumer id (or `anonymous`). */
  readonly consumer: string;
  /** Names (or hashes, when unnamed) of the operations that used it. */
  readonly operations: readonly string[];
  /** How many times it was used in the window. */
  readonly count: number;
  /** ISO-8601 time of its last use. */
  readonly lastSeenAt: string;
}

/** One thing a check found. */
export interface CheckProblem {
  /** The check that found it, stable, kebab-case: `composition`, `descriptor`, `unclassified-field`, `naming`, `polyseme-key`, `output-port`, `slo`, `mesh-policy`, `breaking-change`, `event-contract`, … */
  readonly check: string;
  readonly severity: CheckSeverity;
  /** One readable sentence: what is wrong, where, and what to do. */
  readonly message: string;
  /** The coordinate it is about, when there is one: `Type.field`, `Type.field(arg:)`, a data product URN or a topic. */
  readonly coordinate?: string;
  /** Another subgraph involved (composition), when there is one. */
  readonly otherSubgraph?: string;
  /** Who would break (breaking changes against real use). */
  readonly usedBy?: readonly ObservedUse[];
}

/** What `meshgraph check` and every publication report about a candidate subgraph. */
export interface CheckReport {
  /** The subgraph checked. */
  readonly subgraph: string;
  /** True when no problem is an error: the publication may go on. */
  readonly passed: boolean;
  readonly problems: readonly CheckProblem[];
}
