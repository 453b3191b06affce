import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { operationFromDocument } from '@apollo/federation-internals';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type ExecutionResult } from 'graphql';
import { compileResponseShape, runOperation, type CompiledOperation } from '../execution/index.ts';
import type { Logger } from '../../logger/index.ts';
import { withConsumerSpan } from '../../telemetry/index.ts';
import type { GatewayContext } from '../GatewayContext.ts';
import type { SubscriptionPlan, SubscriptionPlanner } from './createSubscriptionPlanner.ts';

/** The service name under which an upstream event enters Apollo's executor. */
const EVENT_SERVICE = '__meshgraph_event__';

export interface EventExecution {
  /** The variables of the client operation. */
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: Logger;
}

/**
 * Completes one upstream event for a client operation: the event stands in
 * for the plan's primary fetch, then the gateway's executor (the one queries
 * run on, gateway/execution) runs the rest of the plan (entity fetches
 * batched per step, across subgraphs) and shapes the result as the client
 * asked for it, from a shape compiled once per subscription plan.
 */
export function createEventExecutor(planner: SubscriptionPlanner, plan: SubscriptionPlan, services: () => ServiceMap) {
  const queryPlan: QueryPlan = {
    kind: 'QueryPlan',
    node: { kind: 'Sequence', nodes: [{ ...plan.primary, serviceName: EVENT_SERVICE }, ...(plan.rest ? [plan.rest] : [])] },
  };
  const spanAttributes = {
    'graphql.operation.type': 'subscription',
    ...(plan.operationContext.operation.name ? { 'graphql.operation.name': plan.operationContext.operation.name.value } : {}),
    'meshgraph.subgraph': plan.primary.serviceName,
  };
  const { operation, fragments } = plan.operationContext;
  let compiled: CompiledOperation | GraphQLError;
  try {
    const shaped = operationFromDocument(planner.federationApiSchema, { kind: Kind.DOCUMENT, definitions: [operation, ...Object.values(fragments)] }, { validate: false });
    compiled = { operationContext: plan.operationContext, plan: queryPlan, shape: compileResponseShape(shaped), responseNames: new Map() };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    compiled = error;
  }
  const complete = async (event: ExecutionResult, { variables, context, logger }: EventExecution): Promise<ExecutionResult> => {
    if (compiled instanceof GraphQLError) return { errors: [compiled] };
    // The executor merges into what a fetch returns: each execution gets its own copy.
    const replay: GraphQLDataSource = { process: async () => ({ data: structuredClone(event.data) as Record<string, unknown> }) };
    const requestContext = { request: { variables }, context, logger, metrics: {} } as unknown as GatewayGraphQLRequestContext;
    const result = await runOperation(compiled, { schema: planner.apiSchema, supergraphSchema: planner.supergraphSchema, services: { ...services(), [EVENT_SERVICE]: replay } }, requestContext, logger);
    const upstreamErrors = event.errors ?? [];
    return upstreamErrors.length ? { ...result, errors: [...upstreamErrors, ...(result.errors ?? [])] } : result;
  };
  // The subgraph puts the event's trace context in its extensions: the rest of the plan continues that trace.
  return (event: ExecutionResult, execution: EventExecution): Promise<ExecutionResult> =>
    withConsumerSpan({ name: 'gateway.subscription.event', carriers: event.extensions ? [event.extensions] : [], attributes: spanAttributes }, () => complete(event, execution));
}
