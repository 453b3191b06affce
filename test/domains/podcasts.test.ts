import { beforeAll, describe, expect, it } from 'vitest';
import type { PlayRecord, PodcastRecord, PodcastStore } from '../../subgraphs/podcasts/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { allNodes, ask, expectedOrder, idOf, tally } from './analyst.ts';

const PODCASTS = /* GraphQL */ `
  query Podcasts($first: Int, $after: String, $category: String, $country: String, $language: String, $hostId: ID, $orderBy: PodcastOrder) {
    podcasts(first: $first, after: $after, category: $category, country: $country, language: $language, hostId: $hostId, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id title category country language occurredAt playCount episodeCount host { id } } }
    }
  }
`;

const EPISODES = /* GraphQL */ `
  query Episodes($first: Int, $after: String, $podcastId: ID, $from: DateTime, $to: DateTime, $orderBy: EpisodeOrder) {
    episodes(first: $first, after: $after, podcastId: $podcastId, releasedFrom: $from, releasedTo: $to, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id occurredAt durationSeconds playCount podcast { id } } }
    }
  }
`;

const PLAYS = /* GraphQL */ `
  query Plays($first: Int, $after: String, $episodeId: ID, $podcastId: ID, $listenerId: ID, $hostId: ID, $country: String,
              $device: Device, $from: DateTime, $to: DateTime) {
    plays(first: $first, after: $after, episodeId: $episodeId, podcastId: $podcastId, listenerId: $listenerId, hostId: $hostId,
          country: $country, device: $device, from: $from, to: $to) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { id secondsPlayed completed device country occurredAt listener { urn } episode { id durationSeconds podcast { id host { id } } } } }
    }
  }
`;

type PlayFilter = Partial<Record<'episodeId' | 'podcastId' | 'listenerId' | 'hostId' | 'country' | 'device' | 'from' | 'to', string>>;

const playMatches = (f: PlayFilter) => (p: PlayRecord) =>
  (!f.episodeId || p.episodeId === f.episodeId) &&
  (!f.podcastId || p.podcastId === f.podcastId) &&
  (!f.listenerId || p.listenerId === f.listenerId) &&
  (!f.hostId || p.hostArtistId === f.hostId) &&
  (!f.country || p.country === f.country) &&
  (!f.device || p.device === f.device) &&
  (!f.from || p.occurredAt >= f.from) &&
  (!f.to || p.occurredAt < f.to);

/** The most frequent value of a key among the plays. */
const busiest = (plays: readonly PlayRecord[], keyOf: (p: PlayRecord) => string) =>
  [...tally(plays, keyOf)].sort((a, b) => b[1] - a[1])[0]![0];

describe('podcasts: an analyst explores shows, episodes and plays', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners' | 'podcasts' | 'artists'>;
  let store: PodcastStore;
  let playsOf: Map<string, number>;
  let playsOfShow: Map<string, number>;
  let episodesOfShow: Map<string, number>;
  let playById: Map<string, PlayRecord>;
  beforeAll(async () => {
    // Podcasts, and the owners of the Listener and Artist it refers to (the gateway needs them to compose); no insights.
    mesh = leftovers.track(await startMesh({ only: ['listeners', 'podcasts', 'artists'] }));
    store = mesh.domains.podcasts.store;
    // Recounts from the raw records, not from the store's indexes.
    playsOf = tally(store.plays, (p) => p.episodeId);
    playsOfShow = tally(store.plays, (p) => p.podcastId);
    episodesOfShow = tally(store.episodes, (e) => e.podcastId);
    playById = new Map(store.plays.map((p) => [p.id, p]));
  });
  const podcastPlays = (p: { id: string }) => playsOfShow.get(p.id) ?? 0;

  it.each<[string, (s: PodcastStore) => Partial<PodcastRecord> & { hostId?: string }]>([
    ['News shows', () => ({ category: 'News' })],
    ['shows produced in the US', () => ({ country: 'US' })],
    ['Spanish-language shows', () => ({ language: 'es' })],
    ['shows hosted by the busiest host', (s) => ({ hostId: busiest(s.plays, (p) => p.hostArtistId) })],
    ['shows of the first show\'s category and language', (s) => ({ category: s.podcasts[0]!.category, language: s.podcasts[0]!.language })],
  ])('podcasts: %s, most played first, counted as in the store', async (_story, filterOf) => {
    const filter = filterOf(store);
    const expected = store.podcasts.filter(
      (p) => (!filter.category || p.category === filter.category) && (!filter.country || p.country === filter.country) &&
        (!filter.language || p.language === filter.language) && (!filter.hostId || p.hostArtistId === filter.hostId),
    );
    expect(expected.length).toBeGreaterThan(0);
    const nodes = await allNodes(mesh.gateway.url, PODCASTS, filter, (data) => data.podcasts);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(expected, podcastPlays, 'DESC'));
    for (const node of nodes) {
      const record = store.podcastById.get(node.id)!;
      expect([node.category, node.country, node.language, node.host.id]).toEqual([record.category, record.country, record.language, record.hostArtistId]);
      expect(node.playCount).toBe(podcastPlays(node));
      expect(node.episodeCount).toBe(episodesOfShow.get(node.id) ?? 0);
    }
  });

  it.each([
    ['PLAY_COUNT', 'ASC', (p: PodcastRecord) => playsOfShow.get(p.id) ?? 0],
    ['EPISODE_COUNT', 'DESC', (p: PodcastRecord) => episodesOfShow.get(p.id) ?? 0],
    ['LAUNCHED_AT', 'ASC', (p: PodcastRecord) => p.occurredAt],
    ['TITLE', 'DESC', (p: PodcastRecord) => p.title],
  ] as const)('podcasts ordered by %s %s', async (field, direction, key) => {
    const nodes = await allNodes(mesh.gateway.url, PODCASTS, { orderBy: { field, direction } }, (data) => data.podcasts);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(store.podcasts, key, direction));
  });

  it('episodes of one show released in a period, newest first', async () => {
    const podcastId = busiest(store.plays, (p) => p.podcastId);
    const ofShow = store.episodes.filter((e) => e.podcastId === podcastId);
    const middle = [...ofShow].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : 1))[ofShow.length >> 1]!.occurredAt;
    for (const window of [{}, { from: middle }, { to: middle }, { from: '2020-01-01T00:00:00.000Z', to: middle }]) {
      const expected = ofShow.filter((e) => (!('from' in window) || e.occurredAt >= window.from!) && (!('to' in window) || e.occurredAt < window.to!));
      const nodes = await allNodes(mesh.gateway.url, EPISODES, { podcastId, ...window }, (data) => data.episodes);
      expect(nodes.map((n) => n.id), JSON.stringify(window)).toEqual(expectedOrder(expected, (e) => e.occurredAt, 'DESC'));
      for (const node of nodes) expect(node.podcast.id).toBe(podcastId);
    }
  });

  it('episodes of every show released in the first half of 2026', async () => {
    const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
    const expected = store.episodes.filter((e) => e.occurredAt >= window.from && e.occurredAt < window.to);
    expect(expected.length).toBeGreaterThan(10);
    const nodes = await allNodes(mesh.gateway.url, EPISODES, window, (data) => data.episodes);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(expected, (e) => e.occurredAt, 'DESC'));
  });

  it('Episode.playCount equals a recount of the plays, and PLAY_COUNT orders by it', async () => {
    const nodes = await allNodes(mesh.gateway.url, EPISODES, { orderBy: { field: 'PLAY_COUNT', direction: 'DESC' } }, (data) => data.episodes);
    expect(nodes).toHaveLength(store.episodes.length);
    expect(nodes.map((n) => n.id)).toEqual(expectedOrder(store.episodes, (e) => playsOf.get(e.id) ?? 0, 'DESC'));
    for (const node of nodes) expect(node.playCount, node.id).toBe(playsOf.get(node.id) ?? 0);
    expect(nodes[0].playCount).toBeGreaterThan(nodes.at(-1).playCount);
  });

  it.each<[string, (s: PodcastStore) => PlayFilter]>([
    ['of the most played episode', (s) => ({ episodeId: busiest(s.plays, (p) => p.episodeId) })],
    ['of the most played show', (s) => ({ podcastId: busiest(s.plays, (p) => p.podcastId) })],
    ['by the most active listener', (s) => ({ listenerId: busiest(s.plays, (p) => p.listenerId) })],
    ['of shows of the busiest host', (s) => ({ hostId: busiest(s.plays, (p) => p.hostArtistId) })],
    ['in Germany', () => ({ country: 'DE' })],
    ['in the car', () => ({ device: 'CAR' })],
    ['in August 2026', () => ({ from: '2026-08-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' })],
    ['of the busiest host, in the US, on mobile', (s) => ({ hostId: busiest(s.plays, (p) => p.hostArtistId), country: 'US', device: 'MOBILE' })],
    ['by the most active listener since September', (s) => ({ listenerId: busiest(s.plays, (p) => p.listenerId), from: '2026-09-01T00:00:00.000Z' })],
    ['of the most played show on a smart speaker before October', (s) => ({ podcastId: busiest(s.plays, (p) => p.podcastId), device: 'SMART_SPEAKER', to: '2026-10-01T00:00:00.000Z' })],
    ['of the most played episode heard abroad in GB', (s) => ({ episodeId: busiest(s.plays, (p) => p.episodeId), country: 'GB' })],
    ['in Brazil on the web in July', () => ({ country: 'BR', device: 'WEB', from: '2026-07-01T00:00:00.000Z', to: '2026-08-01T00:00:00.000Z' })],
    ['of an unknown episode', () => ({ episodeId: 'e-does-not-exist' })],
  ])('plays %s: totalCount is a recount from the plays, newest first', async (_story, filterOf) => {
    const filter = filterOf(store);
    const expected = store.plays.filter(playMatches(filter));
    const data = await ask(mesh.gateway.url, PLAYS, { ...filter, first: 200 });
    expect(data.plays.totalCount).toBe(expected.length);
    const nodes = data.plays.edges.map((e: { node: any }) => e.node);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(expectedOrder(expected, (p) => p.occurredAt, 'DESC').slice(0, 200));
    for (const node of nodes) {
      const record = playById.get(node.id)!;
      expect([node.country, node.device, idOf(node.listener.urn), node.episode.id, node.episode.podcast.id, node.episode.podcast.host.id]).toEqual([
        record.country, record.device, record.listenerId, record.episodeId, record.podcastId, record.hostArtistId,
      ]);
    }
  });

  it('Episode.plays and Podcast.episodes answer the episode\'s plays and the show\'s episodes', async () => {
    const episodeId = busiest(store.plays, (p) => p.episodeId);
    const podcastId = store.episodeById.get(episodeId)!.podcastId;
    const data = await ask(
      mesh.gateway.url,
      `query($episodeId: ID!, $podcastId: ID!) {
        episode(id: $episodeId) { playCount all: plays(first: 0) { totalCount } mobile: plays(first: 500, device: MOBILE) { totalCount edges { node { id device } } } }
        podcast(id: $podcastId) { episodeCount playCount episodes(first: 500) { totalCount edges { node { id podcast { id } } } } }
        missing: episode(id: "e-does-not-exist") { id }
        gone: podcast(id: "p-does-not-exist") { id }
      }`,
      { episodeId, podcastId },
    );
    const ofEpisode = store.plays.filter((p) => p.episodeId === episodeId);
    const mobile = ofEpisode.filter((p) => p.device === 'MOBILE');
    expect(data.episode.playCount).toBe(ofEpisode.length);
    expect(data.episode.all.totalCount).toBe(ofEpisode.length);
    expect(data.episode.mobile.totalCount).toBe(mobile.length);
    expect(data.episode.mobile.edges.map((e: any) => e.node.id)).toEqual(expectedOrder(mobile, (p) => p.occurredAt, 'DESC').slice(0, 500));

    const episodes = store.episodes.filter((e) => e.podcastId === podcastId);
    expect(data.podcast.episodeCount).toBe(episodes.length);
    expect(data.podcast.playCount).toBe(store.plays.filter((p) => p.podcastId === podcastId).length);
    expect(data.podcast.episodes.totalCount).toBe(episodes.length);
    expect(data.podcast.episodes.edges.map((e: any) => e.node.id)).toEqual(expectedOrder(episodes, (e) => e.occurredAt, 'DESC'));
    expect(data.missing).toBeNull();
    expect(data.gone).toBeNull();
  });

  it('Play.completed is true exactly when at least 90% of the episode was played', async () => {
    const podcastId = busiest(store.plays, (p) => p.podcastId);
    const nodes = await allNodes(mesh.gateway.url, PLAYS, { podcastId }, (data) => data.plays);
    expect(nodes).toHaveLength(store.plays.filter((p) => p.podcastId === podcastId).length);
    const seen = new Set<boolean>();
    for (const node of nodes) {
      expect(node.episode.durationSeconds).toBe(store.episodeById.get(node.episode.id)!.durationSeconds);
      expect(node.secondsPlayed).toBeLessThanOrEqual(node.episode.durationSeconds);
      expect(node.completed, `${node.id}: ${node.secondsPlayed}s of ${node.episode.durationSeconds}s`).toBe(
        node.secondsPlayed >= 0.9 * node.episode.durationSeconds,
      );
      seen.add(node.completed);
    }
    expect([...seen].sort()).toEqual([false, true]);
  });
});
