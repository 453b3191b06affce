import { setMaxListeners } from 'node:events';
import type { GatewayCacheHint, GatewayExecutionResult, GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../schema/index.ts';
import type { GatewayContext } from './GatewayContext.ts';
import { wrapGatewayExecutor } from './wrapGatewayExecutor.ts';
import { joinShared, type SharedWork } from './joinShared.ts';

/** Options of `dedupeInboundExecutions`. */
export interface InboundDedupeOptions {
  /** Told each time a query joins an identical execution already in flight instead of starting its own. @default nothing */
  onShared?: () => void;
}

/** One execution in flight and the callers waiting for it; its abort aborts its subgraph fetches. */
interface SharedExecution extends SharedWork<GatewayExecutionResult> {
  /** What its fetches restricted the response's cache policy with (subgraphs' `Cache-Control`), for each caller's own. */
  hints: GatewayCacheHint[];
}

/**
 * Wraps a gateway's executor so that identical queries in flight at the same
 * time share one execution: the same document (`queryHash`), operation,
 * variables (key order aside), consumer and client name — the last two reach
 * the subgraphs, so they are part of what the answer depends on. Mutations
 * run once per caller; nothing is kept once the execution settles.
 *
 * Every caller gets the same result object: nothing after the executor
 * mutates it (the governor's masking, Apollo Server's error formatting and
 * the gateway's plugins build new objects). The execution runs with the
 * first caller's request context but a signal of its own, aborted only once
 * every caller's signal did: a caller that runs out of time alone gets
 * `OPERATION_TIMEOUT` and the others go on; the last one gets the
 * execution's partial answer, as if it had run alone.
 */
export function dedupeInboundExecutions(executor: GatewayExecutor, { onShared }: InboundDedupeOptions = {}): GatewayExecutor {
  const inflight = new Map<string, SharedExecution>();
  return async (requestContext) => {
    const { signal } = requestContext.context as GatewayContext;
    if (requestContext.operation.operation !== 'query' || signal?.aborted) return executor(requestContext);
    const key = executionKey(requestContext);
    const joined = inflight.get(key);
    // One that every caller gave up on is being aborted: its answer is partial.
    const shared = joined && !joined.abort.signal.aborted ? joined : startExecution(executor, requestContext);
    if (shared === joined) onShared?.();
    else {
      inflight.set(key, shared);
      const forget = () => inflight.get(key) === shared && inflight.delete(key);
      shared.result.then(forget, forget);
    }
    // A caller that runs out of time alone gets OPERATION_TIMEOUT; the last one gets the execution's partial answer, as if it had run alone.
    const result = await joinShared(shared, signal, (last) => (last ? shared.result : timedOut()));
    for (const hint of shared.hints) requestContext.overallCachePolicy?.restrict?.(hint);
    return result;
  };
}

/** Runs `requestContext`'s operation for whoever joins: with a signal and a cache policy of its own. */
function startExecution(executor: GatewayExecutor, requestContext: GatewayGraphQLRequestContext): SharedExecution {
  const abort = new AbortController();
  // Every fetch of the execution listens to it (as to `requestSignal`'s).
  setMaxListeners(0, abort.signal);
  const hints: GatewayCacheHint[] = [];
  const result = executor({
    ...requestContext,
    context: { ...requestContext.context, signal: abort.signal },
    // Apollo's data sources only restrict the policy; each caller's own gets the same restrictions.
    overallCachePolicy: { restrict: (hint: GatewayCacheHint) => void hints.push(hint) },
  });
  return { result, waiting: 0, abort, hints };
}

/** `gateway` with its executor wrapped by `dedupeInboundExecutions`. */
export function dedupeGatewayExecutions(gateway: GatewayInterface, options?: InboundDedupeOptions): GatewayInterface {
  return wrapGatewayExecutor(gateway, (executor) => dedupeInboundExecutions(executor, options));
}

/** What makes two requests the same execution, as one string. */
function executionKey({ queryHash, operationName, request, context }: GatewayGraphQLRequestContext): string {
  const { consumer, clientName } = context as GatewayContext;
  return JSON.stringify([queryHash, operationName, request.variables ?? null, consumer ?? null, clientName ?? null], sortedKeys);
}

/** A `JSON.stringify` replacer that writes every object's keys in order, so `{ a, b }` and `{ b, a }` are one key. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The answer of a caller that ran out of time while others still wait for the execution it shares. */
function timedOut(): GatewayExecutionResult {
  return {
    data: null,
    errors: [
      new GraphQLError('The request ran past its time limit before its answer came; the fields it asked for are missing from this response. Ask for less, or retry later.', {
        extensions: { code: ErrorCode.OPERATION_TIMEOUT },
      }),
    ],
  };
}
