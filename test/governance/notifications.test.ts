import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer } from '../../governance/Consumer.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { subscribe, type Subscriber } from '../support/subscriber.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const NOTIFICATIONS = 'subscription($since: DateTime) { notifications(since: $since) { id kind urn consumer message agreement { id status } } }';

interface Notification {
  id: string;
  kind: string;
  urn: string;
  consumer: string | null;
  message: string;
  agreement: { id: string; status: string } | null;
}
type Notified = { notifications: Notification };

/** A person of insights made up for one test, so that no other test's agreements concern it. */
const reader = (id: string): Consumer => ({ id, kind: 'person', team: 'insights', owns: [], scopes: [], regions: [] });

/**
 * Each subscriber starts with `since` a time before the test's first change:
 * what it missed comes first (replayed from the agreement book), so the first
 * notification it gets also says that its subscription is live. What the test
 * does after that reaches it only as it happens.
 */
describe('notifications: the owner hears of requests for its products, the consumer of the decisions on its own', () => {
  let mesh: GovernedMesh;
  const subscribers: Subscriber<Notified>[] = [];
  beforeAll(async () => {
    mesh = await startGovernedMesh({ only: ['listeners'], data: SMALL_TEST_DATA });
  });
  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.close()));
    await mesh?.close();
  });

  const listen = (url: string, token: string | undefined, since: string) => {
    const subscriber = subscribe<Notified>(url, NOTIFICATIONS, { variables: { since }, ...(token ? { connectionParams: { authorization: token } } : {}) });
    subscribers.push(subscriber);
    return subscriber;
  };
  const next = async (subscriber: Subscriber<Notified>) => {
    const result = await subscriber.next();
    expect(result.errors).toBeUndefined();
    return result.data!.notifications;
  };
  const mutate = async (url: string, token: string, query: string, variables: Record<string, unknown>) => {
    const { body } = await postGraphQL(url, { query, variables }, { authorization: token });
    expect(body.errors).toBeUndefined();
    return Object.values(body.data!)[0] as { id: string; status: string };
  };
  const request = (url: string, token: string, purpose: string) =>
    mutate(url, token, 'mutation($urn: ID!, $purpose: String!) { requestAccess(urn: $urn, purpose: $purpose, justification: "notifications test") { id status } }', { urn: PROFILES, purpose });
  const approve = (url: string, token: string, id: string) => mutate(url, token, 'mutation($id: ID!) { approveAccess(agreement: $id) { id status } }', { id });
  const reject = (url: string, token: string, id: string) => mutate(url, token, 'mutation($id: ID!) { rejectAccess(agreement: $id, reason: "not for this purpose") { id status } }', { id });

  it('the owner gets the analyst’s request, the analyst the approval, governance both, and another consumer neither', async () => {
    const url = mesh.gateway.url;
    const [analyst, web, owner, governance] = (await Promise.all(['analyst', 'charts-web', 'listeners-owner', 'governance'].map((id) => mesh.token(id)))) as [string, string, string, string];
    const since = new Date().toISOString();
    // Before anyone subscribes: the web app waits for an answer, and the analyst was turned down once.
    const pending = await request(url, web, 'analytics');
    const turnedDown = await reject(url, owner, (await request(url, analyst, 'analytics')).id);

    const owners = listen(url, owner, since);
    const analysts = listen(url, analyst, since);
    const webs = listen(url, web, since);
    const governs = listen(url, governance, since);
    // What each missed, in the order it happened, as each agreement stands now.
    expect(await next(owners)).toMatchObject({ kind: 'ACCESS_REQUESTED', urn: PROFILES, consumer: 'charts-web', agreement: { id: pending.id, status: 'requested' } });
    expect(await next(analysts)).toMatchObject({ kind: 'ACCESS_REJECTED', consumer: 'analyst', agreement: { id: turnedDown.id, status: 'rejected' } });
    expect((await next(governs)).agreement!.id).toBe(pending.id);
    expect((await next(governs)).agreement!.id).toBe(turnedDown.id);

    // Live: the analyst asks again, the owner hears of it and approves, and the analyst hears that.
    const asked = await request(url, analyst, 'customer-support');
    const heard = await next(owners);
    expect(heard).toMatchObject({ kind: 'ACCESS_REQUESTED', urn: PROFILES, consumer: 'analyst', agreement: { id: asked.id, status: 'requested' } });
    expect(heard.message).toContain('analyst');
    await approve(url, owner, asked.id);
    expect(await next(analysts)).toMatchObject({ kind: 'ACCESS_APPROVED', urn: PROFILES, consumer: 'analyst', agreement: { id: asked.id, status: 'approved' } });
    expect([await next(governs), await next(governs)].map((n) => [n.kind, n.agreement!.id])).toEqual([
      ['ACCESS_REQUESTED', asked.id],
      ['ACCESS_APPROVED', asked.id],
    ]);

    // The web app's own decision is the first thing it hears: nothing of the analyst's reached it before.
    await reject(url, owner, pending.id);
    expect(await next(webs)).toMatchObject({ kind: 'ACCESS_REJECTED', consumer: 'charts-web', agreement: { id: pending.id, status: 'rejected' } });
  });

  it('an anonymous caller is refused', async () => {
    const anonymous = listen(mesh.gateway.url, undefined, new Date().toISOString());
    const result = await anonymous.next();
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await anonymous.ended).toBe('complete');
  });

  it('a subscriber on a second gateway replica hears of a decision made on the first', async () => {
    const replica = await mesh.startReplica();
    try {
      const url = mesh.gateway.url;
      const consumer = reader('replica-reader');
      const [token, owner] = await Promise.all([mesh.token(consumer), mesh.token('listeners-owner')]);
      const since = new Date().toISOString();
      const turnedDown = await reject(url, owner, (await request(url, token, 'analytics')).id);
      const onReplica = listen(replica.gateway.url, token, since);
      // Replayed, or heard live if the replica had not read the rejection yet: either way the subscription is live now.
      expect(await next(onReplica)).toMatchObject({ kind: 'ACCESS_REJECTED', agreement: { id: turnedDown.id } });

      const asked = await request(url, token, 'customer-support');
      await approve(url, owner, asked.id);
      expect(await next(onReplica)).toMatchObject({ kind: 'ACCESS_APPROVED', consumer: 'replica-reader', agreement: { id: asked.id, status: 'approved' } });
      await onReplica.close();
    } finally {
      await replica.close();
    }
  });
});
