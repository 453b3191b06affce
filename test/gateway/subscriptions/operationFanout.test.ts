import type { ExecutionResult } from 'graphql';
import { describe, expect, it, vi } from 'vitest';
import { createClientOutbox, type ClientOutbox } from '../../../gateway/subscriptions/createClientOutbox.ts';
import { createOperationFanout, type EventCompletion } from '../../../gateway/subscriptions/createOperationFanout.ts';
import { captureLogger } from '../../support/captureLogger.ts';
import { deferred, event, fakeOperation, fakePlan } from './fakes.ts';

/** A client that keeps the results it receives; `ended` settles when it ends. */
function client() {
  const received: string[] = [];
  const end = deferred<void>();
  const outbox: ClientOutbox = createClientOutbox({ write: (json, taken) => (received.push(json), taken()), maxBuffered: 1_000, onOverflow: () => {}, onDelivered: () => {}, onEnd: () => end.resolve() });
  return { outbox, received, ended: end.promise };
}

/** A completion the test settles event by event, by the event's value. */
function heldCompletion() {
  const held = new Map<number, ReturnType<typeof deferred<ExecutionResult>>>();
  const complete: EventCompletion = (e) => {
    const d = deferred<ExecutionResult>();
    held.set((e.data as { value: number }).value, d);
    return d.promise;
  };
  return { complete, held };
}

const fanoutOf = (complete: EventCompletion, logger = captureLogger('gateway')) =>
  createOperationFanout({ key: 'op', operation: fakeOperation(), plan: fakePlan(), complete, logger });

/** A fan-out whose events the test completes, with one client. */
function heldFanout() {
  const { complete, held } = heldCompletion();
  const fanout = fanoutOf(complete);
  const a = client();
  fanout.clients.add(a.outbox);
  return { fanout, held, a };
}

describe("an operation's fan-out to its clients", () => {
  it('delivers results in event order, though later events complete first', async () => {
    const { fanout, held, a } = heldFanout();
    fanout.push(event(1));
    fanout.push(event(2));
    held.get(2)!.resolve({ data: { n: 2 } });
    held.get(1)!.resolve({ data: { n: 1 } });
    fanout.end();
    await a.ended;
    expect(a.received).toEqual(['{"data":{"n":1}}', '{"data":{"n":2}}']);
  });

  it('abandoned (its last client left), completes none of the events still waiting; those being completed finish', async () => {
    const { complete, held } = heldCompletion();
    const fanout = fanoutOf(complete);
    for (let i = 0; i < 40; i++) fanout.push(event(i));
    fanout.abandon();
    for (const completion of held.values()) completion.resolve({ data: {} });
    await fanout.delivered;
    expect(held.size).toBe(32);
  });

  it('completes at most 32 events at a time; the next starts when one is done', async () => {
    const { complete, held } = heldCompletion();
    const fanout = fanoutOf(complete);
    for (let i = 0; i < 40; i++) fanout.push(event(i));
    expect(held.size).toBe(32);
    held.get(0)!.resolve({ data: {} });
    await vi.waitFor(() => expect(held.size).toBe(33));
    expect(held.has(32)).toBe(true);
  });

  it('serializes each result once for all its clients', async () => {
    let serialized = 0;
    const result = { data: { n: { toJSON: () => (serialized++, 1) } } };
    const fanout = fanoutOf(async () => result as ExecutionResult);
    const clients = [client(), client(), client()];
    for (const c of clients) fanout.clients.add(c.outbox);
    fanout.push(event(1));
    fanout.end();
    await Promise.all(clients.map((c) => c.ended));
    expect(clients.map((c) => c.received)).toEqual(Array(3).fill(['{"data":{"n":1}}']));
    expect(serialized).toBe(1);
  });

  it('an event that cannot be completed reaches the clients as INTERNAL_SERVER_ERROR and is logged', async () => {
    const logger = captureLogger('gateway');
    const fanout = fanoutOf(() => Promise.reject(new Error('artists exploded')), logger);
    const a = client();
    fanout.clients.add(a.outbox);
    fanout.push(event(1));
    fanout.end();
    await a.ended;
    expect(JSON.parse(a.received[0]!)).toMatchObject({ errors: [{ extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    await logger.waitForLine('subscription event failed');
  });

  it('ends its clients after the results on their way, with the last result', async () => {
    const { fanout, held, a } = heldFanout();
    fanout.push(event(1));
    fanout.end({ errors: [] });
    held.get(1)!.resolve({ data: { n: 1 } });
    await a.ended;
    expect(a.received).toEqual(['{"data":{"n":1}}', '{"errors":[]}']);
  });

  it('a fan-out an operation moved to delivers after what the previous one still had on its way', async () => {
    const before = heldCompletion();
    const previous = fanoutOf(before.complete);
    const next = fanoutOf(async () => ({ data: { n: 2 } }));
    const a = client();
    previous.clients.add(a.outbox);
    next.clients.add(a.outbox);
    previous.push(event(1));
    next.continueAfter(previous);
    next.push(event(2));
    next.end();
    before.held.get(1)!.resolve({ data: { n: 1 } });
    await a.ended;
    expect(a.received).toEqual(['{"data":{"n":1}}', '{"data":{"n":2}}']);
  });
});
