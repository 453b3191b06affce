import { beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '../../subgraphs/kit/createTopicConsumer.ts';
import { HEADERS, partitionFor, type Appended, type LogRecord } from '../../eventlog/index.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { appendPlays, newPlay, playRecord } from '../support/plays.ts';

/** Offsets to wait for: one past each appended record, per partition. */
const after = (appended: readonly Appended[]) =>
  Object.fromEntries(appended.map(({ partition, offset }) => [partition, offset + 1] as const).sort((a, b) => a[1] - b[1]));

describe.each(['embedded', 'kafka'] as const)('plays flow through the mesh, on the %s event log', (eventLog) => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'podcasts' | 'artists' | 'insights'>;
  beforeAll(async () => {
    // The plays' producer and its two consumers; who the listeners are is not what this is about.
    mesh = leftovers.track(await startMesh({ eventLog, only: ['podcasts', 'artists', 'insights'], data: SMALL_TEST_DATA }));
  });

  const playOf = (episodeId: string, listenerId: string, n: number) =>
    newPlay(mesh, `play-live-${n}`, { episodeId, listenerId, secondsPlayed: 600, device: 'CAR' });

  it('a listener plays an episode: the host\'s royalties and the chart move, through the gateway', async () => {
    const { artists, insights, podcasts } = mesh.domains;
    const query = `query($id: ID!) { episode(id: $id) { chartRank podcast { host { id royalties { plays payablePlays amount } } } } }`;
    // An episode outside the chart, which enough plays lift to the top.
    const chart = insights.store.charts.chart({});
    const outsider = podcasts.store.episodes.find((e) => !chart.some((entry) => entry.episodeId === e.id))!;
    const before = await postGraphQL(mesh.gateway.url, { query, variables: { id: outsider.id } });
    expect(before.body.data!.episode.chartRank).toBeNull();

    const plays = Array.from({ length: chart[0]!.plays + 1 }, (_, n) => playOf(outsider.id, `l-${(n % 50) + 1}`, n));
    const appended = await appendPlays(mesh.log, plays);
    await Promise.all([artists.store.consumer!.reached(after(appended)), insights.store.consumers!.plays.reached(after(appended))]);

    const now = await postGraphQL(mesh.gateway.url, { query, variables: { id: outsider.id } });
    expect(now.body.errors).toBeUndefined();
    const [was, is] = [before.body.data!.episode.podcast.host.royalties, now.body.data!.episode.podcast.host.royalties];
    expect(is.plays - was.plays).toBe(plays.length);
    expect(is.payablePlays - was.payablePlays).toBe(plays.length);
    expect(Math.round((is.amount - was.amount) * 100)).toBe(Math.round(plays.length * 0.4));
    expect(now.body.data!.episode.chartRank).toBe(1);
  });

  it('a bad record goes to the dead-letter topic with the reason, the consumer carries on, and the discovery port counts it', async () => {
    const { artists } = mesh.domains;
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const play = playOf(episode.id, 'l-1', 10_000);
    const good = playRecord(play);
    const key = 'l-1'; // one key: all five records land in one partition, in this order
    const appended = await mesh.log.append(PLAYS_TOPIC.name, [
      { key, value: 'not json at all', headers: { [HEADERS.producer]: PLAYS_TOPIC.owner, [HEADERS.schemaVersion]: '1' } },
      { key, value: JSON.stringify({ playId: 'x' }), headers: { [HEADERS.producer]: PLAYS_TOPIC.owner, [HEADERS.schemaVersion]: '1' } },
      { key, value: good.value, headers: { ...good.headers, [HEADERS.schemaVersion]: '99' } },
      good,
    ]);
    expect(new Set(appended.map((a) => a.partition))).toEqual(new Set([partitionFor(key, PLAYS_TOPIC.partitions)]));
    const hostId = play.hostArtistId;
    const royaltiesBefore = artists.store.ledger.artist(hostId).plays;
    await artists.store.consumer!.reached(after(appended));

    const letters: LogRecord[] = [];
    const reader = await mesh.log.read({ topic: 'artists.artist-royalties.dead-letters', onBatch: (batch) => void letters.push(...batch) });
    await reader.caughtUp;
    await reader.close();
    expect(letters.map((l) => l.headers[DEAD_LETTER_HEADERS.reason])).toEqual([
      expect.stringMatching(/^value is not JSON/),
      'field "listenerId" must be a non-empty string, but is missing',
      'unknown schema version "99" of PlayEvent; this consumer understands 1',
    ]);
    expect(letters.map((l) => Number(l.headers[DEAD_LETTER_HEADERS.offset]))).toEqual(appended.slice(0, 3).map((a) => a.offset));
    expect(letters[0]!.value.toString()).toBe('not json at all');
    // The good play after the bad ones was counted.
    expect(artists.store.ledger.artist(hostId).plays).toBe(royaltiesBefore + 1);

    const { body } = await getJson(mesh.subgraphs.artists.url.replace('/graphql', '/data-products'));
    const royalties = body.dataProducts.find((p: { name: string }) => p.name === 'artist-royalties');
    expect(royalties.figures.deadLetters).toBe(3);
  });
});
