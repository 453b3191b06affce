import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { injectTraceContext, withConsumerSpan } from '../../telemetry/index.ts';
import { recordTraceContextOf } from './recordTraceContext.ts';

/**
 * Runs a subscription as graphql-js `subscribe` does (each source event
 * executes the operation with the event as its root value), except that an
 * event made from a record carrying a trace context is executed in a span
 * continuing that trace, and its result carries the span's context in
 * `extensions` (`traceparent`, `tracestate`), for the gateway to continue it
 * to the subscriber.
 */
export async function subscribeWithTraceContext(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source;
  const events = source[Symbol.asyncIterator]();
  const attributes = { 'graphql.operation.type': 'subscription', ...(args.operationName ? { 'graphql.operation.name': args.operationName } : {}) };
  const executeEvent = async (payload: unknown): Promise<ExecutionResult> => {
    const carrier = recordTraceContextOf(payload);
    if (!carrier) return execute({ ...args, rootValue: payload });
    return withConsumerSpan({ name: 'subgraph.subscription.event', carriers: [carrier], attributes }, async () => {
      const result = await execute({ ...args, rootValue: payload });
      return { ...result, extensions: { ...result.extensions, ...injectTraceContext({}) } };
    });
  };
  // A hand-written iterator, not an async generator: `return` must end a
  // subscription that is waiting for its next event, at once.
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => iterator,
    async next() {
      const event = await events.next();
      return event.done ? { value: undefined, done: true } : { value: await executeEvent(event.value), done: false };
    },
    async return() {
      await events.return?.();
      return { value: undefined, done: true };
    },
    async throw(error: unknown) {
      await events.return?.();
      throw error;
    },
  };
  return iterator;
}
