import { buildOperationContext } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { compileResponseShape, type ResponseShape } from './compileResponseShape.ts';

export type OperationContext = ReturnType<typeof buildOperationContext>;

/** An operation prepared once, run for every request that sends it: its plan and its response shape. */
export interface CompiledOperation {
  operationContext: OperationContext;
  plan: QueryPlan;
  /** The shape of its responses, or why the operation cannot be shaped (every request gets that error). */
  shape: ResponseShape | GraphQLError;
}

/** What an operation is compiled against: the API schema and the planner of the supergraph served. */
export interface CompileTarget {
  apiSchema: Schema;
  planner: QueryPlanner;
}

/**
 * Plans an operation with Apollo's query planner and compiles its response
 * shape. The operation context comes first: an unknown operation name, or
 * several operations and none named, throws as in Apollo's gateway.
 */
export function compileOperation(target: CompileTarget, operationContext: OperationContext, document: DocumentNode, operationName: string | undefined): CompiledOperation {
  const plan = target.planner.buildQueryPlan(operationFromDocument(target.apiSchema, document, { operationName }));
  return { operationContext, plan, shape: shapeOf(target.apiSchema, operationContext) };
}

function shapeOf(apiSchema: Schema, { operation, fragments }: OperationContext): ResponseShape | GraphQLError {
  try {
    return compileResponseShape(operationFromDocument(apiSchema, { kind: Kind.DOCUMENT, definitions: [operation, ...Object.values(fragments)] }, { validate: false }));
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}
