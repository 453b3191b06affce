import type { ExecutionResult } from 'graphql';
import { parse } from 'graphql';
import type { ClientOperation } from '../../../gateway/subscriptions/createOperationFanout.ts';
import type { SubscriptionPlan } from '../../../gateway/subscriptions/createSubscriptionPlanner.ts';
import type { ResultWriter, SubscriberConnection } from '../../../gateway/subscriptions/SubscriptionContext.ts';
import type { Consumer } from '../../../governance/Consumer.ts';

/** A promise and the functions that settle it. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A plan whose primary fetch is `operation` on `subgraph`, starting after a cursor when its `after` variable is set. */
export function fakePlan(subgraph = 'podcasts', operation = 'subscription($after: String) { episodePlayed(after: $after) { cursor } }'): SubscriptionPlan {
  return {
    primary: { kind: 'Fetch', serviceName: subgraph, operation, variableUsages: ['after'], operationKind: 'subscription' },
    rest: undefined,
    upstreamOperation: { startsAfter: (variables: Record<string, unknown>) => variables['after'] != null },
  } as unknown as SubscriptionPlan;
}

/** A connection that keeps what is written to it, as `[operationId, resultJson]`, and takes every write at once. */
export function fakeConnection() {
  const written: [string, string][] = [];
  const closed: { code: number; reason: string }[] = [];
  const connection: SubscriberConnection = {
    resultWriter: (operationId): ResultWriter => (resultJson, done) => {
      written.push([operationId, resultJson]);
      done();
    },
    close: (code, reason) => void closed.push({ code, reason }),
  };
  return { connection, written, closed };
}

/** A client operation of `caller` with `variables`. */
export function fakeOperation(variables: Record<string, unknown> = {}, caller: { clientName?: string; consumer?: Consumer } = {}): ClientOperation {
  return {
    document: parse('subscription($after: String) { episodePlayed(after: $after) { cursor } }'),
    operationName: undefined,
    variables,
    context: { ...caller, connection: fakeConnection().connection, operationId: '1' },
  };
}

/** An upstream event with a value. */
export const event = (value: number): ExecutionResult => ({ data: { value } });
