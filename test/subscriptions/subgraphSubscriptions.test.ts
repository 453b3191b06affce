import type { ExecutionResult } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADERS } from '../../eventlog/index.ts';
import { LISTENER_REGISTERED_VERSIONS, PLAYS_TOPIC, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';
import { appendPlays, createPlayer, cursorAtEnd, newPlay } from '../support/plays.ts';
import { subscribe, type Subscriber } from '../support/subscriber.ts';

const EPISODE_PLAYED = /* GraphQL */ `
  subscription Plays($country: String, $after: String) {
    episodePlayed(country: $country, after: $after) { cursor play { id country secondsPlayed episode { title } } }
  }
`;

interface Played {
  cursor: string;
  play: { id: string; country: string; secondsPlayed: number; episode: { title: string } };
}

describe('subscriptions on a domain subgraph (graphql-ws)', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestSubgraphs;
  let player: ReturnType<typeof createPlayer>;
  beforeAll(async () => {
    // The domains' own subscriptions: no gateway in between.
    mesh = leftovers.track(await startSubgraphs({ data: SMALL_TEST_DATA }));
    player = createPlayer(mesh, 'play-sub');
  });

  /** Appends a play in `country` as the player apps would, with a fresh id. */
  const play = (country: string) => player({ country });

  /** Subscribes on a domain's subgraph, with the official graphql-ws client. */
  const subscribeTo = <T,>(domain: keyof TestSubgraphs['subgraphs'], query: string, variables?: Record<string, unknown>) =>
    leftovers.track(subscribe<T>(mesh.subgraphs[domain].url, query, { variables }));

  /**
   * A subscription starts "from now", and nothing tells when the server has
   * started it: append (one at a time, at most 500) until the first event arrives.
   */
  const primed = async <T,>(subscription: Subscriber<T>, append: () => Promise<unknown>): Promise<T> => {
    let first: ExecutionResult<T> | undefined;
    const arriving = subscription.next().then((result) => (first = result));
    for (let i = 0; i < 500 && !first; i++) await append();
    return (await arriving).data!;
  };

  const next = async (subscription: Subscriber<{ episodePlayed: Played }>) => {
    const { data, errors } = await subscription.next();
    expect(errors).toBeUndefined();
    return data!.episodePlayed;
  };

  it('a frontend subscribes to plays in one country, receives each as it happens, and resumes after a cursor with no gap and no duplicate', async () => {
    const live = subscribeTo<{ episodePlayed: Played }>('podcasts', EPISODE_PLAYED, { country: 'GB' });
    const start = (await primed(live, () => play('GB'))).episodePlayed;
    expect(start.play.country).toBe('GB');

    const ids = [await play('US'), await play('GB'), await play('GB')];
    // Plays primed after the first may still be on their way: skip to those appended now.
    let event = await next(live);
    while (!ids.includes(event.play.id)) event = await next(live);
    const second = await next(live);
    expect([event.play.id, second.play.id]).toEqual([ids[1], ids[2]]);
    expect(event.play.episode.title).toBe(mesh.domains.podcasts.store.episodes[0]!.title);
    await live.close();

    // A client that saw the first of them reconnects with its cursor and gets what followed.
    const resumed = subscribeTo<{ episodePlayed: Played }>('podcasts', EPISODE_PLAYED, { country: 'GB', after: event.cursor });
    expect((await next(resumed)).play.id).toBe(ids[2]);
    const later = await play('GB');
    expect((await next(resumed)).play.id).toBe(later);
    await resumed.close();
  });

  it('a listener registers in Sweden: a subscriber to Swedish sign-ups gets them, and no others', async () => {
    let registered = 0;
    const register = (country: string) => {
      const id = `l-sub-${++registered}`;
      const value = { listenerId: id, displayName: 'New Listener', email: `${id}@example.com`, birthYear: 1990, country, city: 'Somewhere', preferredDevice: 'MOBILE', plan: 'FREE', occurredAt: new Date().toISOString() };
      return mesh.log.append(REGISTRATIONS_TOPIC.name, [{ key: id, value: JSON.stringify(value), headers: { [HEADERS.producer]: REGISTRATIONS_TOPIC.owner, [HEADERS.schemaVersion]: LISTENER_REGISTERED_VERSIONS[0] } }]).then(() => id);
    };
    const query = 'subscription($country: String) { listenerRegistered(country: $country) { cursor listener { id country urn } } }';
    type Registered = { listenerRegistered: { cursor: string; listener: { id: string; country: string; urn: string } } };
    const live = subscribeTo<Registered>('listeners', query, { country: 'SE' });
    expect((await primed(live, () => register('SE'))).listenerRegistered.listener.country).toBe('SE');
    const [, swede] = [await register('US'), await register('SE')];
    let event = (await live.next()).data!.listenerRegistered;
    while (event.listener.id !== swede) {
      expect(event.listener.country).toBe('SE');
      event = (await live.next()).data!.listenerRegistered;
    }
    expect(event.listener.urn).toBe(`urn:meshgraph:listener:${swede}`);
    await live.close();
  });

  it('an artist relations dashboard follows one artist: royalties arrive as plays of their show are counted', async () => {
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const hostId = mesh.domains.podcasts.store.podcastById.get(episode.podcastId)!.hostArtistId;
    type Changed = { royaltiesChanged: { cursor: string; artist: { id: string; name: string }; royalties: { plays: number; amount: number } } };
    const live = subscribeTo<Changed>(
      'artists',
      'subscription($id: ID) { royaltiesChanged(artistId: $id) { cursor artist { id name } royalties { plays amount } } }',
      { id: hostId },
    );
    const first = (await primed(live, () => play('GB'))).royaltiesChanged;
    expect(first.artist).toEqual({ id: hostId, name: mesh.domains.artists.store.byId.get(hostId)!.name });

    await play('FR');
    await play('FR');
    const { ledger } = mesh.domains.artists.store;
    // The last change published carries the ledger's totals once the plays are counted.
    let latest = first;
    while (latest.royalties.plays < ledger.artist(hostId).plays || latest.royalties.plays === first.royalties.plays) {
      latest = (await live.next()).data!.royaltiesChanged;
      expect(latest.artist.id).toBe(hostId);
    }
    expect(latest.royalties.plays).toBe(ledger.artist(hostId).plays);
    expect(latest.royalties.plays).toBeGreaterThanOrEqual(first.royalties.plays + 2);
    await live.close();
    // The discovery port counts what the product published on its topic.
    const discovery = (await (await fetch(mesh.subgraphs.artists.url.replace('/graphql', '/data-products'))).json()) as { dataProducts: { name: string; figures: { eventsOut: number } }[] };
    expect(discovery.dataProducts.find((p) => p.name === 'artist-royalties')!.figures.eventsOut).toBeGreaterThanOrEqual(3);
  });

  it('a chart page follows the Dutch chart: an episode played again and again climbs to the top, change by change', async () => {
    const { insights, podcasts } = mesh.domains;
    const dutchChart = insights.store.charts.chart({ country: 'NL' });
    const outsider = podcasts.store.episodes.find((e) => !dutchChart.some((entry) => entry.episodeId === e.id))!;
    let played = 0;
    const playOutsider = () =>
      appendPlays(mesh.log, [newPlay(mesh, `play-chart-${++played}`, { listenerId: 'l-2', episodeId: outsider.id, secondsPlayed: 300, device: 'TV', country: 'NL' })]);
    type Changed = { chartChanged: { country: string | null; top: { rank: number; plays: number; episode: { id: string } | null }[] } };
    const live = subscribeTo<Changed>('insights', 'subscription { chartChanged(country: "NL") { country top { rank plays episode { id } } } }');
    let change = (await primed(live, playOutsider)).chartChanged;
    // Play it until insights has counted it into first place (a play that reorders nothing publishes nothing)…
    while (insights.store.charts.chart({ country: 'NL' })[0]?.episodeId !== outsider.id) {
      const appended = await playOutsider();
      await insights.store.consumers!.plays.reached(Object.fromEntries(appended.map((a) => [a.partition, a.offset + 1])));
    }
    // …then the changes published on the way end with it on top; each is the Dutch top 10, ranked.
    while (change.top[0]?.episode?.id !== outsider.id) {
      expect(change.country).toBe('NL');
      expect(change.top.map((entry) => entry.rank)).toEqual(change.top.map((_, i) => i + 1));
      change = (await live.next()).data!.chartChanged;
    }
    expect(change.top[0]!.plays).toBe(insights.store.charts.chart({ country: 'NL' })[0]!.plays);
    await live.close();
  });

  it('a cursor that is not one is refused with BAD_USER_INPUT', async () => {
    const subscription = subscribeTo('podcasts', EPISODE_PLAYED, { after: 'not-a-cursor' });
    const { errors } = await subscription.next();
    expect(errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"after" is not a cursor of this topic') })]);
    await subscription.close();
  });

  it('a subscriber resuming 3,000 plays back gets every play, once (backpressure itself: test/kit/subscribeToTopic.test.ts)', async () => {
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const player = createPlayer(mesh, 'play-backlog');
    const ids = await Promise.all(Array.from({ length: 3_000 }, () => player({ country: 'IE' })));
    const backlog = subscribeTo<{ episodePlayed: Played }>('podcasts', EPISODE_PLAYED, { country: 'IE', after });
    const received: string[] = [];
    while (received.length < ids.length) received.push((await next(backlog)).play.id);
    // Appended concurrently, so log order within a partition is what counts: every play once.
    expect(new Set(received)).toEqual(new Set(ids));
    expect(received).toHaveLength(ids.length);
    await backlog.close();
  });
});
