import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { ExecutionResult } from 'graphql';
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
 * for the plan's primary fetch, then Apollo's executor runs the rest of the
 * plan (entity fetches batched per step, across subgraphs) and shapes the
 * result as the client asked for it.
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
  const complete = async (event: ExecutionResult, { variables, context, logger }: EventExecution): Promise<ExecutionResult> => {
    // Apollo's executor merges into what a fetch returns: each execution gets its own copy.
    const replay: GraphQLDataSource = { process: async () => ({ data: structuredClone(event.data) as Record<string, unknown> }) };
    const requestContext = { request: { variables }, context, logger, metrics: {} };
    const result = await executeQueryPlan(
      queryPlan,
      { ...services(), [EVENT_SERVICE]: replay },
      requestContext as unknown as Parameters<typeof executeQueryPlan>[2],
      plan.operationContext,
      planner.supergraphSchema,
      planner.federationApiSchema,
    );
    const upstreamErrors = event.errors ?? [];
    return upstreamErrors.length ? { ...result, errors: [...upstreamErrors, ...(result.errors ?? [])] } : result;
  };
  // The subgraph puts the event's trace context in its extensions: the rest of the plan continues that trace.
  return (event: ExecutionResult, execution: EventExecution): Promise<ExecutionResult> =>
    withConsumerSpan({ name: 'gateway.subscription.event', carriers: event.extensions ? [event.extensions] : [], attributes: spanAttributes }, () => complete(event, execution));
}
