import { GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Logger } from '../../logger/index.ts';
import { ErrorCode } from '../../schema/index.ts';
import type { ClientOutbox } from './createClientOutbox.ts';
import type { SubscriptionPlan } from './createSubscriptionPlanner.ts';
import type { SubscriptionContext } from './SubscriptionContext.ts';

/** A client's subscription operation: what it sent, and who it is. */
export interface ClientOperation {
  /** The document the plan runs. */
  document: DocumentNode;
  /** The client's own document, when the gateway runs another one (governed: see `AccessGovernor.prepare`) and masks each result to it. */
  clientDocument?: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  context: SubscriptionContext;
}

/** Completes one upstream event into the result of an operation (the rest of its plan). */
export type EventCompletion = (event: ExecutionResult) => Promise<ExecutionResult>;

export interface OperationFanoutOptions {
  /** Tells this operation apart from others on the same upstream (see `operationKey`). */
  key: string;
  operation: ClientOperation;
  plan: SubscriptionPlan;
  complete: EventCompletion;
  /** Events being completed at the same time. @default 32 */
  maxInFlight?: number;
  logger: Logger;
}

/**
 * The client subscriptions that run the same operation on the same upstream:
 * each upstream event is completed once for all of them, serialized once, and
 * its result written to every client, in event order.
 */
export interface OperationFanout {
  readonly key: string;
  readonly operation: ClientOperation;
  readonly plan: SubscriptionPlan;
  /** The clients its results go to. */
  readonly clients: Set<ClientOutbox>;
  /** Settles once every result so far went to the clients. */
  readonly delivered: Promise<void>;
  /** Completes an upstream event and delivers its result after those of earlier events. */
  push(event: ExecutionResult): void;
  /** Ends every client after the results on their way, with a last result if any. */
  end(result?: ExecutionResult): void;
  /** Ends every client now, with nothing more. */
  close(): void;
  /** Drops the events not yet being completed: no client is left to get them (those being completed finish). */
  abandon(): void;
  /** Runs the events still to come with another plan (the supergraph changed, the upstream did not). */
  replan(plan: SubscriptionPlan, complete: EventCompletion): void;
  /** Delivers nothing before `previous` delivered everything it has (its operation moved here from `previous`). */
  continueAfter(previous: OperationFanout): void;
}

/** A burst of events, such as a catch-up from an old cursor, must not become thousands of concurrent entity fetches. */
const MAX_EVENTS_IN_FLIGHT = 32;

/** Fans one operation's results out to its clients: at most `maxInFlight` events completed at a time, results delivered in event order. */
export function createOperationFanout(options: OperationFanoutOptions): OperationFanout {
  const { key, operation, maxInFlight = MAX_EVENTS_IN_FLIGHT, logger } = options;
  let { plan, complete } = options;
  const clients = new Set<ClientOutbox>();
  /** Results are delivered in event order even though events are completed concurrently. */
  let delivered = Promise.resolve();
  /** Events not yet being completed, and how many are. */
  const waiting: ExecutionResult[] = [];
  let running = 0;

  const failed = (error: unknown): ExecutionResult => {
    logger.error('subscription event failed', { subgraph: plan.primary.serviceName, err: error });
    return { errors: [new GraphQLError('This event could not be completed.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } })] };
  };

  const runWaiting = () => {
    while (running < maxInFlight && waiting.length > 0) {
      const event = waiting.shift()!;
      running++;
      const result = complete(event)
        .catch(failed)
        .finally(() => {
          running--;
          runWaiting();
        });
      delivered = delivered.then(async () => {
        const resultJson = JSON.stringify(await result);
        for (const client of clients) client.push(resultJson);
      });
    }
  };

  const finishClients = (result?: ExecutionResult) => {
    const resultJson = result && JSON.stringify(result);
    for (const client of [...clients]) client.finish(resultJson);
  };

  return {
    key,
    operation,
    get plan() {
      return plan;
    },
    clients,
    get delivered() {
      return delivered;
    },
    push(event) {
      waiting.push(event);
      runWaiting();
    },
    end(result) {
      delivered = delivered.then(() => finishClients(result));
    },
    close: () => finishClients(),
    abandon() {
      waiting.length = 0;
    },
    replan(nextPlan, nextComplete) {
      plan = nextPlan;
      complete = nextComplete;
    },
    continueAfter(previous) {
      delivered = Promise.all([delivered, previous.delivered]).then(() => {});
    },
  };
}
