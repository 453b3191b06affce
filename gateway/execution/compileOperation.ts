import { buildOperationContext } from '@apollo/gateway';
import type { Supergraph } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import { compileResponseShape, type ResponseShape } from './compileResponseShape.ts';
import { buildCorrectedQueryPlan } from './corrections/index.ts';

export type OperationContext = ReturnType<typeof buildOperationContext>;

/** An operation prepared once, run for every request that sends it: its plan and its response shape. */
export interface CompiledOperation {
  operationContext: OperationContext;
  plan: QueryPlan;
  shape: ResponseShape;
  /** The client's response name of each alias the corrections gave a field. */
  responseNames: ReadonlyMap<string, string>;
  /** Why no subgraph can answer the operation: every request gets `{ data: null, errors }` and nothing is fetched. */
  unanswerable?: GraphQLError[];
}

/** What an operation is compiled against: the supergraph served (its keys reordered by `resolvableKeysFirst`) and its planner. */
export interface CompileTarget {
  supergraph: Supergraph;
  planner: QueryPlanner;
  /** The supergraph's API schema as graphql-js's, the one requests are validated on. */
  schema: GraphQLSchema;
}

/**
 * Plans an operation with Apollo's query planner, corrected where Apollo's
 * answers are wrong (gateway/execution/corrections), and compiles its
 * response shape from the operation as planned. A document the planner
 * refuses throws, as in Apollo's gateway.
 */
export function compileOperation(target: CompileTarget, operationContext: OperationContext, document: DocumentNode, operationName: string | undefined): CompiledOperation {
  const { operation, plan, responseNames, errors } = buildCorrectedQueryPlan(target.planner, target.supergraph, document, operationName, target.schema);
  return { operationContext, plan, shape: compileResponseShape(operation, responseNames), responseNames, ...(errors.length ? { unanswerable: errors } : {}) };
}
