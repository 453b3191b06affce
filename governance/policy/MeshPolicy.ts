import type { Classification } from '../../schema/index.ts';

/** Who may read a field of a classification. */
export type AccessRequirement =
  /** Anyone, credentials or not. */
  | 'anyone'
  /** Any authenticated consumer. */
  | 'authenticated'
  /** A consumer with an approved, unexpired access agreement on the field's data product. */
  | 'agreement'
  /** An agreement whose purpose allows personal data (`purposes.<p>.pii`). */
  | 'pii-agreement';

/** One classification's rule. */
export interface ClassificationRule {
  /** The rule's name, as errors and the audit quote it. */
  rule: string;
  requires: AccessRequirement;
}

/** A purpose consumers state when they ask for access. */
export interface Purpose {
  description: string;
  /** Whether an agreement for this purpose may read PII. */
  pii: boolean;
}

/** A field whose classification no domain may set lower. */
export interface ClassificationFloor {
  rule: string;
  /** `Type.field`, `*.field` or `Type.*`. */
  field: string;
  atLeast: Classification;
}

/** Data localization: rows of `type` whose `field` is a country of `region` go only to consumers allowed that region. */
export interface RowRule {
  rule: string;
  type: string;
  field: string;
  region: string;
}

/** Requests and estimated cost one consumer may spend per minute. */
export interface RateLimit {
  requestsPerMinute: number;
  costPerMinute: number;
}

/**
 * The mesh-wide policy: one file in the repository (`governance/mesh-policy.yaml`),
 * validated at start-up. Domains add their own rules in their descriptors and
 * may tighten these, never weaken them.
 */
export interface MeshPolicy {
  version: 1;
  /** What each classification requires. */
  classifications: Record<Classification, ClassificationRule>;
  /** The classification of fields no descriptor classifies (a plain Federation subgraph's). */
  unclassified: Classification;
  /** The purposes access may be requested for, by name. */
  purposes: Record<string, Purpose>;
  /** Fields whose classification no domain may lower. */
  floors: ClassificationFloor[];
  /** Regions by name, as ISO 3166-1 alpha-2 country codes. */
  regions: Record<string, string[]>;
  rowRules: RowRule[];
  agreements: {
    /** Longest an approved agreement lasts, in days. */
    maxDays: number;
    /** Whether a data product may auto-approve a purpose that allows PII. */
    autoApprovePii: boolean;
  };
  rateLimits: {
    anonymous: RateLimit;
    authenticated: RateLimit;
  };
}
