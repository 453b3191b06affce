import type { Client, Sink } from 'graphql-ws';
import type { ExecutionResult, GraphQLError } from 'graphql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResumableOperation } from '../../../gateway/subscriptions/createResumableOperation.ts';
import { createUpstream } from '../../../gateway/subscriptions/createUpstream.ts';
import { captureLogger } from '../../support/captureLogger.ts';

/** An operation whose events carry their cursor as `data.cursor`. */
const operation: ResumableOperation = {
  text: 'subscription { beats { n } }',
  rootField: 'beats',
  resumable: true,
  resumeAfter: (cursor) => `subscription { beats(after: "${cursor}") { n } }`,
  startsAfter: () => false,
  cursorOf: (data) => (typeof data?.['cursor'] === 'string' ? data['cursor'] : undefined),
};

/** A graphql-ws client that keeps every subscribe call, so the test plays the subgraph. */
function fakeClient() {
  const calls: { query: string; sink: Sink<ExecutionResult<Record<string, unknown>>> }[] = [];
  const client = {
    subscribe: (payload: { query: string }, sink: Sink<ExecutionResult<Record<string, unknown>>>) => {
      calls.push({ query: payload.query, sink });
      return () => undefined;
    },
  } as unknown as Client;
  return { client, calls, last: () => calls.at(-1)!.sink };
}

/** The unjittered waits, halved: the random share is always 0.5. */
const HALF = { random: () => 0.5 };
const refusal = [{ message: 'Cannot query field "beats" on type "Subscription".' }];

describe('an upstream subscription that loses its subgraph', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  function start() {
    const { client, calls, last } = fakeClient();
    const logger = captureLogger('gateway');
    const seen = { events: [] as ExecutionResult[], errors: [] as (readonly GraphQLError[])[], reconnects: 0 };
    const upstream = createUpstream({
      subgraph: 'beats',
      client,
      operation,
      operationName: undefined,
      variables: {},
      backoff: HALF,
      logger,
      onEvent: (event) => void seen.events.push(event),
      onErrors: (errors) => void seen.errors.push(errors),
      onComplete: () => undefined,
      onReconnect: () => void seen.reconnects++,
    });
    const waits = () => logger.lines.filter((l) => l.includes('upstream subscription lost')).map((l) => Number(/retryInMs=(\d+)/.exec(l)![1]));
    return { upstream, calls, last, seen, waits };
  }

  it('resumes after the last cursor, waiting a jittered share of a doubling backoff that starts again after an event', () => {
    const { calls, last, seen, waits } = start();
    last().next!({ data: { beats: { n: 1 }, cursor: 'c1' } });
    for (let lost = 0; lost < 4; lost++) {
      last().error!(new Error('socket closed'));
      vi.runOnlyPendingTimers();
    }
    expect(waits()).toEqual([50, 100, 200, 400]);
    expect(seen.reconnects).toBe(4);
    expect(calls.map((c) => c.query).slice(1)).toEqual(Array(4).fill('subscription { beats(after: "c1") { n } }'));
    last().next!({ data: { beats: { n: 2 }, cursor: 'c2' } });
    last().error!(new Error('socket closed'));
    expect(waits().at(-1)).toBe(50);
    expect(seen.events).toHaveLength(2);
  });

  it('a refusal on the first try is final', () => {
    const { last, seen, waits } = start();
    last().error!(refusal as unknown as Error);
    expect(seen.errors).toHaveLength(1);
    expect(waits()).toEqual([]);
  });

  it('refusals after a lost connection are retried while their waits add up to less than eight unjittered waits (16.3 s), then given to the clients', () => {
    const { last, seen, waits } = start();
    last().error!(new Error('socket closed'));
    vi.runOnlyPendingTimers();
    let retried = 0;
    while (seen.errors.length === 0 && retried < 100) {
      last().error!(refusal as unknown as Error);
      vi.runOnlyPendingTimers();
      retried++;
    }
    // Jittered at one half, the waits after the loss are 100, 200, 400, 800, 1600, 2500…: eleven retried refusals add up to 18,100 ms, ten to 15,600.
    const refusedFor = waits().slice(1);
    expect(refusedFor).toEqual([100, 200, 400, 800, 1600, 2500, 2500, 2500, 2500, 2500, 2500]);
    expect(refusedFor.slice(0, -1).reduce((a, b) => a + b)).toBeLessThan(16_300);
    expect(refusedFor.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(16_300);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]![0]!.extensions).toMatchObject({ subgraph: 'beats' });
  });
});
