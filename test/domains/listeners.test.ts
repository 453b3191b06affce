import { beforeAll, describe, expect, it } from 'vitest';
import type { ListenerRecord } from '../../subgraphs/listeners/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { allNodes, ask, expectedOrder, ISO_UTC } from './analyst.ts';

const LISTENERS = /* GraphQL */ `
  query Listeners($first: Int, $after: String, $country: String, $plan: Plan, $from: DateTime, $to: DateTime, $orderBy: ListenerOrder) {
    listeners(first: $first, after: $after, country: $country, plan: $plan, registeredFrom: $from, registeredTo: $to, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id displayName birthYear country plan occurredAt recordedAt } }
    }
  }
`;

type Filter = {
  country?: string;
  plan?: 'FREE' | 'PREMIUM';
  from?: string;
  to?: string;
};

const matches = (filter: Filter) => (l: ListenerRecord) =>
  (!filter.country || l.country === filter.country) &&
  (!filter.plan || l.plan === filter.plan) &&
  (!filter.from || l.occurredAt >= filter.from) &&
  (!filter.to || l.occurredAt < filter.to);

describe('listeners: an analyst explores who our listeners are', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners'>;
  let all: readonly ListenerRecord[];
  beforeAll(async () => {
    // The listeners domain alone: every question here is about its own data.
    mesh = leftovers.track(await startMesh({ only: ['listeners'] }));
    all = mesh.domains.listeners.store.all;
  });
  const listeners = (variables: Record<string, unknown>) => allNodes(mesh.gateway.url, LISTENERS, variables, (data) => data.listeners);

  it.each<[string, Filter]>([
    ['everyone', {}],
    ['listeners in Great Britain', { country: 'GB' }],
    ['premium listeners', { plan: 'PREMIUM' }],
    ['who registered in 2025', { from: '2025-01-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    ['free listeners in the US who registered since 2024', { country: 'US', plan: 'FREE', from: '2024-01-01T00:00:00.000Z' }],
    ['premium listeners in Germany who registered before 2022', { country: 'DE', plan: 'PREMIUM', to: '2022-01-01T00:00:00.000Z' }],
  ])('filters %s: totalCount is the count in the store and every listener matches', async (_story, filter) => {
    const expected = all.filter(matches(filter));
    expect(expected.length).toBeGreaterThan(0);
    const first = await ask(mesh.gateway.url, LISTENERS, { ...filter, first: 3 });
    expect(first.listeners.totalCount).toBe(expected.length);

    const nodes = await listeners(filter);
    expect(nodes).toHaveLength(expected.length);
    for (const node of nodes) expect(matches(filter)(node), node.id).toBe(true);
    // Newest registrations first unless orderBy says otherwise.
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(expected, (l) => l.occurredAt, 'DESC'));
  });

  it('registeredFrom includes the instant given and registeredTo excludes it', async () => {
    const listener = all[all.length >> 1]!;
    const at = listener.occurredAt;
    const from = await ask(mesh.gateway.url, LISTENERS, { from: at, first: 500 });
    const to = await ask(mesh.gateway.url, LISTENERS, { to: at, first: 500 });
    expect(from.listeners.totalCount).toBe(all.filter((l) => l.occurredAt >= at).length);
    expect(to.listeners.totalCount).toBe(all.filter((l) => l.occurredAt < at).length);
    expect(from.listeners.totalCount + to.listeners.totalCount).toBe(all.length);
    expect(from.listeners.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(listener.id);
    expect(to.listeners.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(listener.id);
  });

  it('a DateTime with an offset means the same instant as in UTC', async () => {
    const utc = await ask(mesh.gateway.url, LISTENERS, { from: '2024-06-30T22:00:00.000Z', first: 0 });
    const paris = await ask(mesh.gateway.url, LISTENERS, { from: '2024-07-01T00:00:00+02:00', first: 0 });
    expect(paris.listeners.totalCount).toBe(utc.listeners.totalCount);
    expect(utc.listeners.totalCount).toBe(all.filter((l) => l.occurredAt >= '2024-06-30T22:00:00.000Z').length);
  });

  const ORDER_KEYS: Record<string, (l: ListenerRecord) => string | number> = {
    REGISTERED_AT: (l) => l.occurredAt,
    DISPLAY_NAME: (l) => l.displayName,
    BIRTH_YEAR: (l) => l.birthYear,
  };
  it.each(
    Object.keys(ORDER_KEYS).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => ({ field, direction }))),
  )('orders by $field $direction over every page', async ({ field, direction }) => {
    const nodes = await listeners({ orderBy: { field, direction } });
    const key = ORDER_KEYS[field]!;
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(all, key, direction));
    // The order field itself never goes the wrong way.
    for (let i = 1; i < nodes.length; i++) {
      const [a, b] = [key(nodes[i - 1]), key(nodes[i])];
      expect(direction === 'ASC' ? a <= b : a >= b, `${String(a)} then ${String(b)}`).toBe(true);
    }
  });

  it('orders a filtered list too: Brazilian listeners by birth year, oldest first', async () => {
    const nodes = await listeners({ country: 'BR', orderBy: { field: 'BIRTH_YEAR', direction: 'ASC' } });
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(all.filter((l) => l.country === 'BR'), (l) => l.birthYear, 'ASC'));
  });

  it('listener(id) answers the profile as the store holds it, and null for an unknown id', async () => {
    const record = all[7]!;
    const data = await ask(
      mesh.gateway.url,
      `query($id: ID!) { listener(id: $id) { id urn displayName email birthYear country city preferredDevice plan occurredAt recordedAt } missing: listener(id: "l-does-not-exist") { id } }`,
      { id: record.id },
    );
    expect(data.listener).toEqual({ ...record, urn: `urn:meshgraph:listener:${record.id}` });
    expect(data.missing).toBeNull();
  });

  it('every listener has ISO-8601 occurredAt and recordedAt, recorded no earlier than it happened', async () => {
    const nodes = await listeners({});
    expect(nodes).toHaveLength(all.length);
    const byId = mesh.domains.listeners.store.byId;
    for (const node of nodes) {
      expect(node.occurredAt).toMatch(ISO_UTC);
      expect(node.recordedAt).toMatch(ISO_UTC);
      expect(Date.parse(node.recordedAt)).toBeGreaterThanOrEqual(Date.parse(node.occurredAt));
      expect([node.occurredAt, node.recordedAt]).toEqual([byId.get(node.id)!.occurredAt, byId.get(node.id)!.recordedAt]);
    }
  });
});
