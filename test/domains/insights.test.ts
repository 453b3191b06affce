import { beforeAll, describe, expect, it } from 'vitest';
import type { PlayRecord } from '../../subgraphs/podcasts/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { allNodes, ask, expectedOrder, tally } from './analyst.ts';

const CHART = /* GraphQL */ `
  query Chart($first: Int, $after: String, $country: String, $from: DateTime, $to: DateTime) {
    topCharts(first: $first, after: $after, country: $country, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { rank plays uniqueListeners secondsPlayed occurredAt episode { id } } }
    }
  }
`;

const ENGAGEMENT = /* GraphQL */ `
  query Engagement($first: Int, $after: String, $segment: EngagementSegment, $orderBy: EngagementOrder) {
    listenerEngagement(first: $first, after: $after, segment: $segment, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { listener { id } segment plays secondsPlayed distinctEpisodes favouriteDevice occurredAt } }
    }
  }
`;

type Scope = { country?: string; from?: string; to?: string };
type Segment = 'DORMANT' | 'CASUAL' | 'REGULAR' | 'SUPERFAN';

/** The segment thresholds the schema documents: DORMANT 0, CASUAL 1–4, REGULAR 5–29, SUPERFAN 30 or more. */
const segmentFor = (plays: number): Segment => (plays === 0 ? 'DORMANT' : plays <= 4 ? 'CASUAL' : plays <= 29 ? 'REGULAR' : 'SUPERFAN');

interface Tally {
  id: string;
  plays: number;
  listeners: Set<string>;
  secondsPlayed: number;
  episodes: Set<string>;
  devices: Map<string, number>;
  occurredAt: string;
}

/** Recounts plays per key (episode or listener). */
function recount(plays: readonly PlayRecord[], keyOf: (p: PlayRecord) => string): Map<string, Tally> {
  const totals = new Map<string, Tally>();
  for (const p of plays) {
    const id = keyOf(p);
    let t = totals.get(id);
    if (!t) totals.set(id, (t = { id, plays: 0, listeners: new Set(), secondsPlayed: 0, episodes: new Set(), devices: new Map(), occurredAt: p.occurredAt }));
    t.plays++;
    t.listeners.add(p.listenerId);
    t.episodes.add(p.episodeId);
    t.secondsPlayed += p.secondsPlayed;
    t.devices.set(p.device, (t.devices.get(p.device) ?? 0) + 1);
    if (p.occurredAt > t.occurredAt) t.occurredAt = p.occurredAt;
  }
  return totals;
}

describe('insights: an analyst reads the charts and listener engagement', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  let plays: readonly PlayRecord[];
  let perListener: Map<string, Tally>;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh());
    plays = mesh.domains.podcasts.store.plays;
    perListener = recount(plays, (p) => p.listenerId);
  });
  const inScope = (s: Scope) => (p: PlayRecord) => (!s.country || p.country === s.country) && (!s.from || p.occurredAt >= s.from) && (!s.to || p.occurredAt < s.to);

  it.each<[string, Scope, 'full' | 'short']>([
    ['worldwide, all time', {}, 'full'],
    ['in the US', { country: 'US' }, 'full'],
    ['in August 2026', { from: '2026-08-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' }, 'full'],
    ['in Great Britain in September 2026', { country: 'GB', from: '2026-09-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' }, 'short'],
    ['in the Netherlands in October 2026', { country: 'NL', from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' }, 'short'],
  ])('topCharts %s ranks episodes 1..n by plays, as a recount of that scope says', async (_story, scope, size) => {
    const totals = [...recount(plays.filter(inScope(scope)), (p) => p.episodeId).values()];
    const counts = totals.map((t) => t.plays).sort((a, b) => b - a);
    const expectedSize = Math.min(100, totals.length);
    expect(size === 'full' ? totals.length > 100 : totals.length < 100).toBe(true);

    const data = await ask(mesh.gateway.url, CHART, { ...scope, first: 500 });
    const entries = data.topCharts.edges.map((e: { node: any }) => e.node);
    expect(data.topCharts.totalCount).toBe(expectedSize);
    expect(entries).toHaveLength(expectedSize);
    expect(entries.map((e: { rank: number }) => e.rank)).toEqual(Array.from({ length: expectedSize }, (_, i) => i + 1));
    expect(entries.map((e: { plays: number }) => e.plays)).toEqual(counts.slice(0, expectedSize));

    const byEpisode = new Map(totals.map((t) => [t.id, t]));
    for (const entry of entries) {
      const t = byEpisode.get(entry.episode.id)!;
      expect([entry.plays, entry.uniqueListeners, entry.secondsPlayed, entry.occurredAt], entry.episode.id).toEqual([
        t.plays, t.listeners.size, t.secondsPlayed, t.occurredAt,
      ]);
    }
    // Whatever the tie-break, no episode played more than the last entry is left out.
    const charted = new Set(entries.map((e: { episode: { id: string } }) => e.episode.id));
    const last = entries.at(-1).plays;
    for (const t of totals) if (t.plays > last) expect(charted.has(t.id), t.id).toBe(true);
  });

  it('Episode.chartRank is the rank in the all-time chart of a country (worldwide when omitted), null outside it', async () => {
    const world = (await ask(mesh.gateway.url, CHART, { first: 100 })).topCharts.edges.map((e: { node: any }) => e.node);
    const us = (await ask(mesh.gateway.url, CHART, { country: 'US', first: 1 })).topCharts.edges[0].node;
    const perEpisode = recount(plays, (p) => p.episodeId);
    const last = world.at(-1);
    const unplayed = mesh.domains.podcasts.store.episodes.find((e) => !perEpisode.has(e.id))!;
    const justOutside = [...perEpisode.values()].find((t) => t.plays < last.plays)!;
    const RANK = `query($id: ID!) { episode(id: $id) { chartRank us: chartRank(country: "US") } }`;
    for (const entry of [world[0], world[1], world[49], last]) {
      expect((await ask(mesh.gateway.url, RANK, { id: entry.episode.id })).episode.chartRank, entry.episode.id).toBe(entry.rank);
    }
    expect((await ask(mesh.gateway.url, RANK, { id: us.episode.id })).episode.us).toBe(1);
    expect((await ask(mesh.gateway.url, RANK, { id: unplayed.id })).episode).toEqual({ chartRank: null, us: null });
    expect((await ask(mesh.gateway.url, RANK, { id: justOutside.id })).episode.chartRank).toBeNull();
  });

  it.each<Segment>(['CASUAL', 'REGULAR', 'SUPERFAN'])('listenerEngagement(segment: %s) lists exactly the listeners in its thresholds', async (segment) => {
    const expected = [...perListener.values()].filter((t) => segmentFor(t.plays) === segment);
    expect(expected.length).toBeGreaterThan(0);
    const nodes = await allNodes(mesh.gateway.url, ENGAGEMENT, { segment }, (data) => data.listenerEngagement);
    // Most plays first unless orderBy says otherwise.
    expect(nodes.map((n) => n.listener.id)).toEqual(expectedOrder(expected, (t) => t.plays, 'DESC'));
    for (const node of nodes) {
      const t = perListener.get(node.listener.id)!;
      expect(node.segment).toBe(segment);
      expect([node.plays, node.secondsPlayed, node.distinctEpisodes, node.occurredAt]).toEqual([t.plays, t.secondsPlayed, t.episodes.size, t.occurredAt]);
      expect(t.devices.get(node.favouriteDevice), 'the favourite device is a most used one').toBe(Math.max(...t.devices.values()));
    }
  });

  it('the segments split every registered listener, and orderings follow their field', async () => {
    const all = await allNodes(mesh.gateway.url, ENGAGEMENT, { orderBy: { field: 'SECONDS_PLAYED', direction: 'ASC' } }, (d) => d.listenerEngagement);
    // Listeners who never played count too, with zeros (and sort last by last play).
    const listeners = mesh.domains.listeners.store.all.map(
      (l) => perListener.get(l.id) ?? { id: l.id, plays: 0, listeners: new Set<string>(), secondsPlayed: 0, episodes: new Set<string>(), devices: new Map(), occurredAt: '' },
    );
    expect(all.map((n) => n.listener.id)).toEqual(expectedOrder(listeners, (t) => t.secondsPlayed, 'ASC'));
    expect(Object.fromEntries(tally(all, (n) => n.segment))).toEqual(Object.fromEntries(tally(listeners, (t) => segmentFor(t.plays))));

    const recent = await allNodes(mesh.gateway.url, ENGAGEMENT, { orderBy: { field: 'LAST_PLAYED_AT', direction: 'DESC' } }, (d) => d.listenerEngagement);
    expect(recent.map((n) => n.listener.id)).toEqual(expectedOrder(listeners, (t) => t.occurredAt, 'DESC'));
  });

  it('Listener.engagement follows the thresholds at their edges: 1, 4, 5, 29 and 30 plays', async () => {
    for (const count of [1, 4, 5, 29, 30]) {
      const listener = [...perListener.values()].find((t) => t.plays === count);
      expect(listener, `a listener with ${count} plays`).toBeDefined();
      const data = await ask(mesh.gateway.url, `query($id: ID!) { listener(id: $id) { country engagement { segment plays } } }`, { id: listener!.id });
      expect(data.listener.engagement).toEqual({ segment: segmentFor(count), plays: count });
      expect(data.listener.country).toBe(mesh.domains.listeners.store.byId.get(listener!.id)!.country);
    }
  });

  it('a listener who never played is DORMANT with no plays', async () => {
    const never = mesh.domains.listeners.store.all.filter((l) => !perListener.has(l.id));
    expect(never.length).toBeGreaterThan(0);
    const data = await ask(
      mesh.gateway.url,
      `query($id: ID!) { listener(id: $id) { engagement { segment plays secondsPlayed distinctEpisodes favouriteDevice occurredAt } } }`,
      { id: never[0]!.id },
    );
    expect(data.listener.engagement).toEqual({ segment: 'DORMANT', plays: 0, secondsPlayed: 0, distinctEpisodes: 0, favouriteDevice: null, occurredAt: null });
  });

  it('listenerEngagement(segment: DORMANT) lists the listeners who never played', async () => {
    const never = mesh.domains.listeners.store.all.filter((l) => !perListener.has(l.id));
    const data = await ask(mesh.gateway.url, ENGAGEMENT, { segment: 'DORMANT', first: 500 });
    expect(data.listenerEngagement.totalCount).toBe(never.length);
  });
});
