import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deadLetterTopic, type Appended, type EventLog } from '../../eventlog/index.ts';
import {
  CATALOG_TOPIC,
  EPISODE_RELEASED_VERSIONS,
  PLAY_EVENT_VERSIONS,
  PLAYS_TOPIC,
  type EpisodeReleasedEvent,
  type PlayEvent,
} from '../../schema/events/index.ts';
import { DEAD_LETTER_HEADERS } from '../../subgraphs/kit/createTopicConsumer.ts';
import { toEventRecord, type TopicConsumer } from '../../subgraphs/kit/index.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { ask } from './analyst.ts';

const ROYALTIES_URN = 'urn:meshgraph:artists:artist-royalties:v1';
const CHARTS_URN = 'urn:meshgraph:insights:top-charts:v1';
const PHANTOM = 'e-phantom';

const GB_CHART = /* GraphQL */ `{ topCharts(country: "GB", first: 3) { edges { node { rank plays episode { id title } } } } }`;
const ROYALTIES = /* GraphQL */ `query ($id: ID!) { artist(id: $id) { royalties { amount plays } } }`;
const PLAYS_URN = 'urn:meshgraph:podcasts:episode-plays:v1';
const RULES = /* GraphQL */ `query ($urn: ID!) { dataProduct(urn: $urn) { quality { name object property dimension onFail type metric } } }`;
const FIGURES = /* GraphQL */ `
  query ($urn: ID!) {
    dataProduct(urn: $urn) {
      slos { validity completeness }
      figures { validity meetsValiditySlo completeness meetsCompletenessSlo recordsChecked quarantined ruleViolations { rule count } }
    }
  }
`;

type Mesh = TestMesh<'podcasts' | 'artists' | 'insights'>;

/** Appends plays as the podcasts domain would (a buggy or compromised producer: the records are well-formed). */
async function appendPlays(log: EventLog, plays: readonly PlayEvent[]): Promise<Appended[]> {
  return log.append(
    PLAYS_TOPIC.name,
    plays.map((play) => toEventRecord({ key: play.listenerId, value: play, occurredAt: play.occurredAt, producer: 'podcasts', schemaVersion: PLAY_EVENT_VERSIONS.at(-1)! })),
  );
}

/** The offsets after the records appended, per partition: what a consumer has applied once it reached them. */
const endsOf = (appended: readonly Appended[]) => {
  const ends: Record<number, number> = {};
  for (const { partition, offset } of appended) ends[partition] = Math.max(ends[partition] ?? 0, offset + 1);
  return ends;
};

describe('data quality at the input ports: plays are checked against episode-plays\' contract before they count', () => {
  const leftovers = useLeftovers('file');
  let mesh: Mesh;
  let consumers: TopicConsumer[];
  let played = 0;
  /** A play that artist-royalties counted. */
  let counted: PlayEvent;
  const play = (overrides: Partial<PlayEvent> = {}): PlayEvent => {
    const { store } = mesh.domains.podcasts;
    const episode = store.episodes[0]!;
    const podcast = store.podcastById.get(episode.podcastId)!;
    return {
      playId: `quality-${++played}`, listenerId: 'l-1', episodeId: episode.id, podcastId: podcast.id, hostArtistId: podcast.hostArtistId,
      secondsPlayed: 60, device: 'WEB', country: 'GB', occurredAt: new Date().toISOString(), ...overrides,
    };
  };
  /** Appends plays and waits until artist-royalties and top-charts have both read them. */
  const send = async (plays: readonly PlayEvent[]) => {
    const ends = endsOf(await appendPlays(mesh.log, plays));
    await Promise.all(consumers.map((consumer) => consumer.reached(ends)));
  };
  const figures = async (urn: string) => (await ask(mesh.gateway.url, FIGURES, { urn })).dataProduct;
  /** The catalog reuses one look at the discovery ports for a second: ask until it shows what `expectation` wants. */
  const catalogShows = (urn: string, expectation: (measured: Record<string, any>) => void) =>
    vi.waitFor(async () => expectation((await figures(urn)).figures), { timeout: 5_000, interval: 100 });

  beforeAll(async () => {
    mesh = leftovers.track(await startMesh({ only: ['podcasts', 'artists', 'insights'], data: SMALL_TEST_DATA }));
    consumers = [mesh.domains.artists.store.consumer!, mesh.domains.insights.store.consumers!.plays];
  });
  afterAll(() => mesh?.close());

  it('the catalog lists the quality rules of episode-plays\' contract', async () => {
    const { quality } = (await ask(mesh.gateway.url, RULES, { urn: PLAYS_URN })).dataProduct;
    expect(quality.map((rule: { name: string }) => rule.name)).toEqual([
      'play-required-fields', 'play-well-formed', 'play-id-unique', 'play-episode-known', 'play-episode-matches', 'play-seconds-in-range',
    ]);
    expect(quality).toContainEqual({ name: 'play-episode-known', object: 'play-events', property: 'episodeId', dimension: 'consistency', onFail: 'quarantine', type: 'custom', metric: null });
    expect(quality).toContainEqual({ name: 'play-id-unique', object: 'play-events', property: 'playId', dimension: 'uniqueness', onFail: 'deadLetter', type: 'library', metric: 'duplicateValues' });
  });

  it('with only good plays, the catalog shows validity and completeness of 1, meeting their SLOs', async () => {
    for (const urn of [ROYALTIES_URN, CHARTS_URN]) {
      const { slos, figures: measured } = await figures(urn);
      expect(slos).toEqual({ validity: 0.99, completeness: 0.99 });
      expect(measured).toMatchObject({ validity: 1, meetsValiditySlo: true, completeness: 1, meetsCompletenessSlo: true, quarantined: 0, ruleViolations: [] });
      expect(measured.recordsChecked).toBe(mesh.domains.podcasts.store.plays.length);
    }
  });

  it('2,500 well-formed plays of an episode that does not exist are quarantined with the rule named; royalties and the GB chart do not change, and the chart still answers', async () => {
    const host = play().hostArtistId;
    const before = await ask(mesh.gateway.url, ROYALTIES, { id: host });
    const chartBefore = await ask(mesh.gateway.url, GB_CHART);

    await send(Array.from({ length: 2_500 }, () => play({ episodeId: PHANTOM })));

    expect(await ask(mesh.gateway.url, ROYALTIES, { id: host })).toEqual(before);
    // Not a phantom at number one whose title cannot be completed ("Cannot return null for non-nullable field Episode.title").
    const { body: chart } = await postGraphQL(mesh.gateway.url, { query: GB_CHART });
    expect(chart).toEqual({ data: chartBefore });
    for (const urn of [ROYALTIES_URN, CHARTS_URN]) {
      await catalogShows(urn, (measured) => {
        expect(measured.quarantined).toBe(2_500);
        expect(measured.ruleViolations).toEqual([{ rule: 'play-episode-known', count: 2_500 }]);
        expect(measured.validity).toBeLessThan(0.99);
        expect(measured.meetsValiditySlo).toBe(false);
        // Every field was there: completeness is intact.
        expect(measured.completeness).toBe(1);
      });
    }
  });

  it('a play out of range, a duplicate, or one naming the wrong host goes to the dead-letter topic with the rule it broke, and counts nowhere', async () => {
    const host = play().hostArtistId;
    const duration = mesh.domains.podcasts.store.episodes[0]!.durationSeconds;
    const good = play();
    await send([good]);
    counted = good;
    const before = await ask(mesh.gateway.url, ROYALTIES, { id: host });
    const letters = await collectRecords(mesh.log, { topic: deadLetterTopic('artists', 'artist-royalties'), from: { kind: 'latest' } });
    try {
      await send([play({ secondsPlayed: duration + 1 }), { ...good }, play({ hostArtistId: 'a-someone-else' })]);
      const records = await letters.waitFor(3);
      expect(records.map((r) => [r.headers[DEAD_LETTER_HEADERS.rule], r.headers[DEAD_LETTER_HEADERS.reason]])).toEqual([
        ['play-seconds-in-range', `secondsPlayed must be from 0 to the episode's ${duration} seconds, but is ${duration + 1}`],
        ['play-id-unique', `playId "${good.playId}" was already counted`],
        ['play-episode-matches', expect.stringContaining('but the play says')],
      ]);
    } finally {
      await letters.reader.close();
    }
    expect(await ask(mesh.gateway.url, ROYALTIES, { id: host })).toEqual(before);
  });

  it('a play missing a field is dead-lettered under the completeness rule, and completeness drops below 1', async () => {
    const { playId: _missing, ...incomplete } = play();
    await send([incomplete as PlayEvent]);
    await catalogShows(ROYALTIES_URN, (measured) => {
      expect(measured.completeness).toBeLessThan(1);
      expect(measured.ruleViolations).toContainEqual({ rule: 'play-required-fields', count: 1 });
    });
  });

  it('once the episode appears in podcast-catalog, its quarantined plays count: the host earns their royalties', async () => {
    const { store } = mesh.domains.podcasts;
    const podcast = store.podcastById.get(store.episodes[0]!.podcastId)!;
    const before = (await ask(mesh.gateway.url, ROYALTIES, { id: podcast.hostArtistId })).artist.royalties;
    const episode: EpisodeReleasedEvent = { episodeId: PHANTOM, podcastId: podcast.id, hostArtistId: podcast.hostArtistId, durationSeconds: 3_600, occurredAt: new Date().toISOString() };
    await mesh.log.append(CATALOG_TOPIC.name, [toEventRecord({ key: PHANTOM, value: episode, occurredAt: episode.occurredAt, producer: 'podcasts', schemaVersion: EPISODE_RELEASED_VERSIONS.at(-1)! })]);
    await vi.waitFor(() => expect(mesh.domains.artists.store.consumer!.figures().quality?.quarantined).toBe(0), { timeout: 5_000, interval: 20 });
    const after = (await ask(mesh.gateway.url, ROYALTIES, { id: podcast.hostArtistId })).artist.royalties;
    expect(after.plays - before.plays).toBe(2_500);
    expect(Math.round((after.amount - before.amount) * 100) / 100).toBe(10);
  });

  it('artist-royalties keeps its quarantine in its checkpoint: plays held before a restart count once their episode appears, even while it was down', async () => {
    const { store } = mesh.domains.podcasts;
    const podcast = store.podcastById.get(store.episodes[0]!.podcastId)!;
    await send(Array.from({ length: 100 }, () => play({ episodeId: 'e-late' })));
    expect(mesh.domains.artists.store.consumer!.figures().quality?.quarantined).toBe(100);
    const before = (await ask(mesh.gateway.url, ROYALTIES, { id: podcast.hostArtistId })).artist.royalties;

    await mesh.stopSubgraph('artists');
    const episode: EpisodeReleasedEvent = { episodeId: 'e-late', podcastId: podcast.id, hostArtistId: podcast.hostArtistId, durationSeconds: 3_600, occurredAt: new Date().toISOString() };
    await mesh.log.append(CATALOG_TOPIC.name, [toEventRecord({ key: 'e-late', value: episode, occurredAt: episode.occurredAt, producer: 'podcasts', schemaVersion: EPISODE_RELEASED_VERSIONS.at(-1)! })]);
    await mesh.restartSubgraph('artists');
    const restarted = mesh.domains.artists.store.consumer!;
    // Restored from the checkpoint, and released at start: the episode is in the catalog now.
    expect(restarted.figures().quality).toMatchObject({ checked: 100, valid: 100, quarantined: 0 });
    const after = (await ask(mesh.gateway.url, ROYALTIES, { id: podcast.hostArtistId })).artist.royalties;
    expect(after.plays - before.plays).toBe(100);
    // The play ids counted before the restart are remembered too: a replayed one is a duplicate.
    const ends = endsOf(await appendPlays(mesh.log, [{ ...counted }]));
    await restarted.reached(ends);
    expect(restarted.figures().quality?.violations).toContainEqual({ rule: 'play-id-unique', count: 1 });
    expect((await ask(mesh.gateway.url, ROYALTIES, { id: podcast.hostArtistId })).artist.royalties).toEqual(after);
  });
});
