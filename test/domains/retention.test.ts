import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EPOCH } from '../../demo/data/index.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import type { DataProductFigures, DiscoveredDataProduct } from '../../schema/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import type { PlayRecord } from '../../subgraphs/podcasts/index.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTestDomains, SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';
import { subscribe } from '../support/subscriber.ts';
import { ask } from './analyst.ts';

const YEAR_MS = 365 * 86_400_000;

/** The plays, oldest first, and the time of the one in the middle: the clock is moved relative to it. */
const byTime = (plays: readonly PlayRecord[]) => [...plays].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

describe('the demo domains serve no record older than its product\u2019s retention, on the domains\u2019 clock', () => {
  const leftovers = useLeftovers('file');
  const clock = { now: Date.parse(DEMO_EPOCH) };
  let mesh: TestSubgraphs;
  let plays: PlayRecord[];
  let middle: string;

  beforeAll(async () => {
    const domains = createTestDomains(SMALL_TEST_DATA);
    for (const domain of Object.values(domains)) domain.now = () => clock.now;
    mesh = leftovers.track(await startSubgraphs({ domains }));
    plays = byTime(mesh.domains.podcasts.store.plays);
    middle = plays[Math.floor(plays.length / 2)]!.occurredAt;
  });

  const figuresOf = async (domain: keyof TestSubgraphs['subgraphs']) => {
    const { body } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(mesh.subgraphs[domain].url.replace(/\/graphql$/, '/data-products'));
    return Object.fromEntries(body.dataProducts.map((product) => [product.name, product.figures!])) as Record<string, DataProductFigures>;
  };
  const podcastsUrl = () => mesh.subgraphs.podcasts.url;
  const insightsUrl = () => mesh.subgraphs.insights.url;

  it('at the demo world\u2019s epoch every product serves all it holds: the demo is not cut', async () => {
    const figures = await Promise.all((['listeners', 'podcasts', 'artists', 'insights'] as const).map(figuresOf));
    for (const products of figures) for (const product of Object.values(products)) expect(product.expiredRecords).toBeUndefined();
    const { plays: served } = await ask(podcastsUrl(), '{ plays(first: 1) { totalCount } }');
    expect(served.totalCount).toBe(plays.length);
  });

  it('a year after the middle play, the one-year charts and engagement hold only what later plays counted', async () => {
    clock.now = Date.parse(middle) + YEAR_MS;
    const cutoff = middle;
    const latestPlayOf = new Map<string, string>();
    for (const play of plays) latestPlayOf.set(play.listenerId, play.occurredAt);
    const listeners = [...latestPlayOf];
    const lapsed = listeners.find(([, at]) => at < cutoff)![0];
    const active = listeners.find(([, at]) => at >= cutoff)![0];
    const representations = [lapsed, active].map((id) => ({ __typename: 'Listener', id }));
    const data = await ask(
      insightsUrl(),
      `query ($refs: [_Any!]!) {
        topCharts(first: 100) { edges { node { occurredAt } } }
        _entities(representations: $refs) { ... on Listener { engagement { segment plays } } }
      }`,
      { refs: representations },
    );
    const entries = data.topCharts.edges.map((edge: { node: { occurredAt: string } }) => edge.node.occurredAt);
    expect(entries.length).toBeGreaterThan(0);
    for (const at of entries) expect(at >= cutoff).toBe(true);
    expect(data._entities[0].engagement).toEqual({ segment: 'DORMANT', plays: 0 });
    expect(data._entities[1].engagement.plays).toBeGreaterThan(0);
    const insights = await figuresOf('insights');
    expect(insights['top-charts']!.expiredRecords).toBeGreaterThan(0);
    expect(insights['listener-engagement']!.expiredRecords).toBeGreaterThan(0);
    // The plays themselves are kept two years.
    expect((await figuresOf('podcasts'))['episode-plays']!.expiredRecords).toBeUndefined();
  });

  it('two years after the middle play, episode-plays serves, counts and replays only the later half', async () => {
    clock.now = Date.parse(middle) + 2 * YEAR_MS;
    const retained = plays.filter((play) => play.occurredAt >= middle);
    const episodeId = retained.at(-1)!.episodeId;
    const podcastId = retained.at(-1)!.podcastId;
    const data = await ask(
      podcastsUrl(),
      `query ($episodeId: ID!, $podcastId: ID!) {
        plays(first: 500) { totalCount edges { node { occurredAt } } }
        episode(id: $episodeId) { playCount plays(first: 1) { totalCount } }
        podcast(id: $podcastId) { playCount }
      }`,
      { episodeId, podcastId },
    );
    expect(data.plays.totalCount).toBe(retained.length);
    for (const edge of data.plays.edges) expect(edge.node.occurredAt >= middle).toBe(true);
    const ofEpisode = retained.filter((play) => play.episodeId === episodeId).length;
    expect(data.episode).toEqual({ playCount: ofEpisode, plays: { totalCount: ofEpisode } });
    expect(data.podcast.playCount).toBe(retained.filter((play) => play.podcastId === podcastId).length);
    expect((await figuresOf('podcasts'))['episode-plays']).toMatchObject({ recordCount: retained.length, expiredRecords: plays.length - retained.length });

    // A subscriber resuming from the very start of the topic gets the retained plays only.
    const fromStart = topicCursor(PLAYS_TOPIC.name, Object.fromEntries(Array.from({ length: PLAYS_TOPIC.partitions }, (_, p) => [p, 0])));
    const replay = leftovers.track(subscribe<{ episodePlayed: { play: { occurredAt: string } } }>(podcastsUrl(), 'subscription ($after: String) { episodePlayed(after: $after) { play { occurredAt } } }', { variables: { after: fromStart } }));
    for (let i = 0; i < 20; i++) expect((await replay.next()).data!.episodePlayed.play.occurredAt >= middle).toBe(true);
    await replay.close();
  });

  it('seven years after a show\u2019s last play its royalties are not served; a show played later keeps them', async () => {
    const lastPlayOf = new Map<string, string>();
    for (const play of plays) lastPlayOf.set(play.podcastId, play.occurredAt);
    const shows = [...lastPlayOf].sort((a, b) => a[1].localeCompare(b[1]));
    const [early, earlyAt] = shows[0]!;
    const [late] = shows.at(-1)!;
    clock.now = Date.parse(earlyAt) + 7 * YEAR_MS + 1;
    const data = await ask(mesh.subgraphs.artists.url, 'query ($refs: [_Any!]!) { _entities(representations: $refs) { ... on Podcast { royalties { plays } } } }', {
      refs: [early, late].map((id) => ({ __typename: 'Podcast', id })),
    });
    expect(data._entities[0].royalties.plays).toBe(0);
    expect(data._entities[1].royalties.plays).toBeGreaterThan(0);
    expect((await figuresOf('artists'))['artist-royalties']!.expiredRecords).toBeGreaterThan(0);
  });
});
