import { print, type DocumentNode } from 'graphql';
import type { SubscriptionPlan } from './createSubscriptionPlanner.ts';
import type { Consumer } from '../../governance/Consumer.ts';

/**
 * Who subscribes, as far as sharing goes: clients share upstreams and results
 * only with the same consumer (its id: the gateway never forwards a client's
 * credentials upstream) and client name.
 */
export interface Caller {
  /** The authenticated consumer; none for an anonymous caller. */
  consumer?: Pick<Consumer, 'id'>;
  clientName?: string;
}

/** JSON with object keys sorted, so that equal values give equal keys. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

/** The client's variables that the plan's primary fetch (the upstream subscription) uses. */
export const usedVariables = (plan: SubscriptionPlan, variables: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries((plan.primary.variableUsages ?? []).filter((name) => name in variables).map((name) => [name, variables[name]]));

/**
 * Which shared upstream subscription a client operation reads: the subgraph,
 * its operation and the variables it uses, the consumer and the client
 * name (so that each domain sees who consumes its subscriptions).
 */
export const sharedUpstreamKey = (plan: SubscriptionPlan, variables: Record<string, unknown>, { consumer, clientName }: Caller): string =>
  stableJson([plan.primary.serviceName, plan.primary.operation, usedVariables(plan, variables), consumer?.id ?? null, clientName ?? null]);

/** Which client operations get the same results: the same document, operation name, variables, consumer and client name. */
export const operationKey = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>, { consumer, clientName }: Caller): string =>
  stableJson([print(document), operationName ?? null, variables, consumer?.id ?? null, clientName ?? null]);

/** Which graphql-ws client to a subgraph a caller's upstream subscriptions run on. */
export const subgraphClientKey = (subgraph: string, { consumer, clientName }: Caller): string => stableJson([subgraph, consumer?.id ?? null, clientName ?? null]);
