/** ODCS 3.1 data-quality dimension of a rule. */
export type QualityDimension = 'accuracy' | 'completeness' | 'conformity' | 'consistency' | 'coverage' | 'timeliness' | 'uniqueness';

/**
 * What a consumer does with a record that breaks a rule: `deadLetter` for a
 * record that can never be right (out of range, a duplicate), `quarantine` for
 * one that may become right later (a play whose episode is not known yet): it
 * is held and applied once the reference appears.
 */
export type QualityAction = 'deadLetter' | 'quarantine';

/** ODCS 3.1 library metrics a rule may use. */
export type QualityMetric = 'nullValues' | 'missingValues' | 'invalidValues' | 'duplicateValues';

/** How a rule is stated, in ODCS 3.1's vocabulary: a library metric that must be 0, or a custom rule that meshgraph runs. */
export type QualityCheck =
  | { type: 'library'; metric: QualityMetric; /** The metric's arguments, e.g. `{ minimum: 0 }`. */ arguments?: Record<string, unknown>; mustBe: 0 }
  | { type: 'custom'; engine: 'meshgraph'; /** What the check does, in a sentence. */ implementation: string };

/**
 * A data-quality rule of a data product's contract: what every record of one
 * of its topics (or types) satisfies. Consumers apply the rules of their input
 * ports' contracts to every record they read; the ODCS export puts each rule
 * in the `quality` list of the schema object it names.
 */
export interface QualityRule {
  /** kebab-case id, named in dead letters and figures, e.g. `play-episode-known`. */
  name: string;
  description: string;
  /** The schema object it checks: the name of one of the product's topic ports, e.g. `play-events`. */
  object: string;
  /** The field it checks, if one, e.g. `episodeId`. */
  property?: string;
  dimension: QualityDimension;
  onFail: QualityAction;
  check: QualityCheck;
}
