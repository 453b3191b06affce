import type { ServiceMap } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, type ExecutionResult, type FieldNode, type GraphQLSchema } from 'graphql';
import type { Logger } from '../../logger/index.ts';
import type { CompiledOperation } from './compileOperation.ts';
import { executePlan } from './executePlan.ts';
import { introspect } from './introspect.ts';

/** What a compiled operation runs against: the supergraph served and its subgraphs' data sources. */
export interface RunTarget {
  /** The API schema (introspection answers from it). */
  schema: GraphQLSchema;
  /** The supergraph schema, against which entity requirements are tested. */
  supergraphSchema: GraphQLSchema;
  services: ServiceMap;
}

/**
 * Runs a compiled operation for one request: its plan's fetches, then its
 * response shaped, with Apollo's gateway's rules for what errors go where (a
 * shaping error only when no fetch failed, in `extensions.valueCompletion`).
 */
export async function runOperation(compiled: CompiledOperation, target: RunTarget, requestContext: GatewayGraphQLRequestContext, logger: Logger): Promise<ExecutionResult> {
  const { shape, plan, operationContext, unanswerable } = compiled;
  if (unanswerable) return { data: null, errors: unanswerable };
  const errors: GraphQLError[] = [];
  const data = Object.create(null) as Record<string, unknown>;
  const { variables } = requestContext.request;
  if (plan.node) {
    if (plan.node.kind === 'Subscription') throw new Error('Execution of subscriptions not supported by gateway');
    await executePlan({ services: target.services, requestContext, supergraphSchema: target.supergraphSchema, variableDefinitions: shape.variableDefinitions, errors, responseNames: compiled.responseNames }, plan.node, data);
  }
  try {
    const shaped = shape.shape(data, variables, (selection) =>
      introspect(target.schema, (selection as unknown as { expandFragments(): { toSelectionNode(): FieldNode } }).expandFragments().toSelectionNode(), operationContext.operation.variableDefinitions, variables),
    );
    if (errors.length === 0 && shaped.errors.length > 0) return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
    return errors.length === 0 ? { data: shaped.data } : { errors, data: shaped.data };
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    if (error instanceof Error) return { errors: [new GraphQLError(error.message, { originalError: error })] };
    logger.error(`Unexpected error during query plan execution: ${String(error)}`);
    return { errors: [new GraphQLError('Unexpected error during query plan execution')] };
  }
}
