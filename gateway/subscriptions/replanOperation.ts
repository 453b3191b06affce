import { GraphQLError, validate } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { ClientOperation } from './createOperationFanout.ts';
import type { SubscriptionPlan, SubscriptionPlanner } from './createSubscriptionPlanner.ts';
import { sharedUpstreamKey } from './subscriptionKeys.ts';

/** What becomes of a live operation on a new supergraph. */
export type Replan =
  /** It is no longer valid: its clients end with this error. */
  | { kind: 'invalid'; error: GraphQLError }
  /** The same upstream serves it: only the rest of the plan may differ. */
  | { kind: 'same-upstream'; plan: SubscriptionPlan }
  /** Another upstream serves it now: it resumes there right after the last event received. */
  | { kind: 'moved'; plan: SubscriptionPlan };

/** Plans a live operation, now on the upstream with key `upstreamKey`, against a new supergraph. */
export function replanOperation(planner: SubscriptionPlanner, operation: ClientOperation, upstreamKey: string): Replan {
  const errors = validate(planner.apiSchema, operation.document);
  if (errors.length > 0) {
    const message = `The composed graph changed and this subscription is no longer valid: ${errors.map((e) => e.message).join(' ')} Subscribe again with an operation valid on the new graph.`;
    return { kind: 'invalid', error: new GraphQLError(message, { extensions: { code: ErrorCode.SUPERGRAPH_CHANGED } }) };
  }
  const plan = planner.plan(operation.document, operation.operationName);
  return sharedUpstreamKey(plan, operation.variables, operation.context) === upstreamKey ? { kind: 'same-upstream', plan } : { kind: 'moved', plan };
}
