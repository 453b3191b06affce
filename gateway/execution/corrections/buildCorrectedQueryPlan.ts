import { operationFromDocument, type Operation, type Supergraph } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { aliasRequiredFieldNames } from './aliasRequiredFieldNames.ts';
import { splitConflictingRequires } from './splitConflictingRequires.ts';
import { unplannedRootFields } from './unplannedRootFields.ts';

/** An operation planned with the corrections, as the executor runs and shapes it. */
export interface CorrectedQueryPlan {
  /** The operation as planned: clients' fields that meet a `@requires` carry generated aliases. Shape the response from it. */
  operation: Operation;
  plan: QueryPlan;
  /** The response name each generated alias stands for, in the shaped response and in error paths. */
  responseNames: ReadonlyMap<string, string>;
  /** When not empty, the operation cannot be answered: run nothing, answer `{ data: null, errors }`. */
  errors: GraphQLError[];
}

/**
 * Plans an operation with Apollo's planner and the corrections of its wrong
 * answers, once per operation. The planner must be built on
 * `Supergraph.build(resolvableKeysFirst(sdl))`, and `supergraph` be that one;
 * `apiSchema`, when given, its API schema as graphql-js's (built otherwise).
 */
export function buildCorrectedQueryPlan(planner: QueryPlanner, supergraph: Supergraph, document: DocumentNode, operationName?: string, apiSchema?: GraphQLSchema): CorrectedQueryPlan {
  const aliased = aliasRequiredFieldNames(document, supergraph, apiSchema);
  const operation = operationFromDocument(supergraph.apiSchema(), aliased.document, { operationName });
  const plan = splitConflictingRequires(planner.buildQueryPlan(operation), { supergraph });
  return { operation, plan, responseNames: aliased.responseNames, errors: unplannedRootFields(plan, operation) };
}
