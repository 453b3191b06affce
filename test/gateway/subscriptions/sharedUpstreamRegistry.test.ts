import { describe, expect, it, vi } from 'vitest';
import { createOperationFanout } from '../../../gateway/subscriptions/createOperationFanout.ts';
import { createSharedUpstreamRegistry, type UpstreamHandlers, type UpstreamRequest } from '../../../gateway/subscriptions/createSharedUpstreamRegistry.ts';
import type { SubscriptionPlan } from '../../../gateway/subscriptions/createSubscriptionPlanner.ts';
import { captureLogger } from '../../support/captureLogger.ts';
import { event, fakeOperation, fakePlan } from './fakes.ts';

/** A registry whose upstreams are fakes the test drives; `opened` lists them, in order. */
function registry() {
  const opened: { request: UpstreamRequest; handlers: UpstreamHandlers; close: ReturnType<typeof vi.fn>; lastCursor?: string }[] = [];
  const logger = captureLogger('gateway');
  const upstreams = createSharedUpstreamRegistry({
    subscribe(request, handlers) {
      const upstream = { request, handlers, close: vi.fn(), lastCursor: undefined as string | undefined };
      opened.push(upstream);
      return upstream;
    },
    createFanout: (key, operation, plan) => createOperationFanout({ key, operation, plan, complete: async (e) => e, logger }),
  });
  return { upstreams, opened };
}

describe('the registry of shared upstream subscriptions', () => {
  it('operations with the same subgraph operation, variables, consumer and client name share one upstream', () => {
    const { upstreams, opened } = registry();
    const plan = fakePlan();
    const a = upstreams.attach('op-a', fakeOperation({}, { clientName: 'charts-web' }), plan);
    const b = upstreams.attach('op-b', fakeOperation({}, { clientName: 'charts-web' }), plan);
    expect(upstreams.attach('op-a', fakeOperation({}, { clientName: 'charts-web' }), plan)).toBe(a);
    expect(b).not.toBe(a);
    expect(opened).toHaveLength(1);
    upstreams.attach('op-c', fakeOperation({}, { clientName: 'analyst' }), plan);
    upstreams.attach('op-d', fakeOperation({}, { clientName: 'charts-web', consumer: { id: 'analyst', kind: 'person', team: 'insights', owns: [], scopes: [], regions: [] } }), plan);
    upstreams.attach('op-e', fakeOperation({}, { clientName: 'charts-web' }), fakePlan('podcasts', 'subscription { other }'));
    expect(opened).toHaveLength(4);
    expect(upstreams.size).toBe(4);
  });

  it('an upstream that started at a cursor takes no new operation once it moved past it', () => {
    const { upstreams, opened } = registry();
    const plan = fakePlan();
    upstreams.attach('early', fakeOperation({ after: 'c1' }), plan);
    upstreams.attach('early-too', fakeOperation({ after: 'c1' }), plan);
    expect(opened).toHaveLength(1);
    opened[0]!.handlers.onEvent(event(1));
    upstreams.attach('late', fakeOperation({ after: 'c1' }), plan);
    expect(opened).toHaveLength(2);
    // A live upstream takes new operations whatever it received.
    upstreams.attach('live', fakeOperation(), plan);
    opened[2]!.handlers.onEvent(event(1));
    upstreams.attach('live-too', fakeOperation(), plan);
    expect(opened).toHaveLength(3);
  });

  it('closes an upstream with its last operation', () => {
    const { upstreams, opened } = registry();
    const a = upstreams.attach('a', fakeOperation(), fakePlan());
    const b = upstreams.attach('b', fakeOperation(), fakePlan());
    upstreams.detach(a);
    expect(opened[0]!.close).not.toHaveBeenCalled();
    upstreams.detach(b);
    expect(opened[0]!.close).toHaveBeenCalledTimes(1);
    expect(upstreams.size).toBe(0);
  });

  it("the subgraph's errors end every operation on the upstream, and it is forgotten", async () => {
    const { upstreams, opened } = registry();
    const fanout = upstreams.attach('a', fakeOperation(), fakePlan());
    const finished = vi.fn();
    fanout.clients.add({ push: () => {}, finish: finished } as never);
    opened[0]!.handlers.onErrors([]);
    expect(upstreams.size).toBe(0);
    await fanout.delivered;
    expect(finished).toHaveBeenCalledWith('{"errors":[]}');
  });

  it('moves an operation to the upstream of its new plan, resuming right after the last event received', () => {
    const { upstreams, opened } = registry();
    const fanout = upstreams.attach('a', fakeOperation(), fakePlan('podcasts'));
    const client = { push: vi.fn(), finish: vi.fn() };
    fanout.clients.add(client as never);
    opened[0]!.lastCursor = 'c42';
    const moved = upstreams.move(fanout, fakePlan('episodes') as SubscriptionPlan);
    expect(opened[1]!.request).toMatchObject({ after: 'c42', plan: { primary: { serviceName: 'episodes' } } });
    expect(opened[0]!.close).toHaveBeenCalledTimes(1);
    expect([...moved.clients]).toEqual([client]);
    opened[1]!.handlers.onEvent(event(1));
    expect(upstreams.all().map((shared) => [...shared.operations.keys()])).toEqual([['a']]);
  });
});
