import type { Classification } from '../../schema/index.ts';

/** A field's classification in one data product, as its domain's descriptor gives it. */
export interface ProductClassification {
  level: Classification;
  /** The data product's URN. */
  product: string;
  /** Named in the descriptor's field classifications, rather than the product's default. */
  explicit: boolean;
  /** Served as a keyed hash, instead of null, to a consumer with an agreement that does not allow it. */
  pseudonymise: boolean;
}

/** Everything the supergraph says about who may read one field. */
export interface FieldRule {
  /** Its classification in each data product that serves it; empty for a field no descriptor classifies. */
  classifications: ProductClassification[];
  /** `@authenticated` on the field or on the type it returns. */
  authenticated: boolean;
  /** `@requiresScopes`: any one of these sets of scopes, held whole. */
  requiresScopes: string[][] | undefined;
  /** `@policy`: any one of these sets of policies, held whole (as `policy:<name>` scopes). */
  policies: string[][] | undefined;
  /** Served only by the gateway's own catalog subgraph, whose resolvers check the caller themselves. */
  catalog: boolean;
}

/** The rules of every field of the supergraph, by coordinate (`Listener.email`). */
export type FieldRules = ReadonlyMap<string, FieldRule>;
