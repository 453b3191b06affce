import { createClient, type Client } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HEADERS } from '../../eventlog/index.ts';
import { LISTENER_REGISTERED_VERSIONS, PLAY_EVENT_VERSIONS, PLAYS_TOPIC, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';

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
  let mesh: TestMesh;
  let client: Client;
  let played = 0;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh());
    client = createClient({ url: mesh.subgraphs.podcasts.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => client.dispose() });
  });

  /** Appends a play in `country` as the player apps would, with a fresh id. */
  const play = (country: string) => {
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const podcast = mesh.domains.podcasts.store.podcastById.get(episode.podcastId)!;
    const id = `play-sub-${++played}`;
    const value = { playId: id, listenerId: 'l-1', episodeId: episode.id, podcastId: podcast.id, hostArtistId: podcast.hostArtistId, secondsPlayed: 60 + played, device: 'WEB', country, occurredAt: new Date().toISOString() };
    return mesh.log.append(PLAYS_TOPIC.name, [{ key: 'l-1', value: JSON.stringify(value), headers: { [HEADERS.schemaVersion]: PLAY_EVENT_VERSIONS[0], [HEADERS.recordedAt]: new Date().toISOString() } }]).then(() => id);
  };

  /**
   * A subscription starts "from now", and nothing tells when the server has
   * started it: append (one at a time, at most 500) until the first event arrives.
   */
  const primed = async <T,>(subscription: AsyncIterator<{ data?: T | null }>, append: () => Promise<unknown>): Promise<T> => {
    let first: IteratorResult<{ data?: T | null }> | undefined;
    const arriving = subscription.next().then((result) => (first = result));
    for (let i = 0; i < 500 && !first; i++) await append();
    const { value } = await arriving;
    return value!.data!;
  };

  const next = async (subscription: AsyncIterator<{ data?: { episodePlayed: Played } | null; errors?: unknown }>) => {
    const { value, done } = await subscription.next();
    expect(done).toBe(false);
    expect(value.errors).toBeUndefined();
    return value.data!.episodePlayed;
  };

  it('a frontend subscribes to plays in one country, receives each as it happens, and resumes after a cursor with no gap and no duplicate', async () => {
    const live = client.iterate<{ episodePlayed: Played }>({ query: EPISODE_PLAYED, variables: { country: 'GB' } });
    const start = (await primed(live, () => play('GB'))).episodePlayed;
    expect(start.play.country).toBe('GB');

    const ids = [await play('US'), await play('GB'), await play('GB')];
    // Plays primed after the first may still be on their way: skip to those appended now.
    let event = await next(live);
    while (!ids.includes(event.play.id)) event = await next(live);
    const second = await next(live);
    expect([event.play.id, second.play.id]).toEqual([ids[1], ids[2]]);
    expect(event.play.episode.title).toBe(mesh.domains.podcasts.store.episodes[0]!.title);
    await live.return?.();

    // A client that saw the first of them reconnects with its cursor and gets what followed.
    const resumed = client.iterate<{ episodePlayed: Played }>({ query: EPISODE_PLAYED, variables: { country: 'GB', after: event.cursor } });
    expect((await next(resumed)).play.id).toBe(ids[2]);
    const later = await play('GB');
    expect((await next(resumed)).play.id).toBe(later);
    await resumed.return?.();
  });

  it('a listener registers in Sweden: a subscriber to Swedish sign-ups gets them, and no others', async () => {
    let registered = 0;
    const register = (country: string) => {
      const id = `l-sub-${++registered}`;
      const value = { listenerId: id, displayName: 'New Listener', email: `${id}@example.com`, birthYear: 1990, country, city: 'Somewhere', preferredDevice: 'MOBILE', plan: 'FREE', occurredAt: new Date().toISOString() };
      return mesh.log.append(REGISTRATIONS_TOPIC.name, [{ key: id, value: JSON.stringify(value), headers: { [HEADERS.schemaVersion]: LISTENER_REGISTERED_VERSIONS[0] } }]).then(() => id);
    };
    const query = 'subscription($country: String) { listenerRegistered(country: $country) { cursor listener { id country urn } } }';
    type Registered = { listenerRegistered: { cursor: string; listener: { id: string; country: string; urn: string } } };
    const listeners = createClient({ url: mesh.subgraphs.listeners.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => listeners.dispose() });
    const live = listeners.iterate<Registered>({ query, variables: { country: 'SE' } });
    expect((await primed(live, () => register('SE'))).listenerRegistered.listener.country).toBe('SE');
    const [, swede] = [await register('US'), await register('SE')];
    let event = (await live.next()).value!.data!.listenerRegistered;
    while (event.listener.id !== swede) {
      expect(event.listener.country).toBe('SE');
      event = (await live.next()).value!.data!.listenerRegistered;
    }
    expect(event.listener.urn).toBe(`urn:meshgraph:listener:${swede}`);
    await live.return?.();
  });

  it('an artist relations dashboard follows one artist: royalties arrive as plays of their show are counted', async () => {
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const hostId = mesh.domains.podcasts.store.podcastById.get(episode.podcastId)!.hostArtistId;
    const artists = createClient({ url: mesh.subgraphs.artists.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => artists.dispose() });
    type Changed = { royaltiesChanged: { cursor: string; artist: { id: string; name: string }; royalties: { plays: number; amount: number } } };
    const live = artists.iterate<Changed>({
      query: 'subscription($id: ID) { royaltiesChanged(artistId: $id) { cursor artist { id name } royalties { plays amount } } }',
      variables: { id: hostId },
    });
    const first = (await primed(live, () => play('GB'))).royaltiesChanged;
    expect(first.artist).toEqual({ id: hostId, name: mesh.domains.artists.store.byId.get(hostId)!.name });

    await play('FR');
    await play('FR');
    const { ledger } = mesh.domains.artists.store;
    // The last change published carries the ledger's totals once the plays are counted.
    let latest = first;
    while (latest.royalties.plays < ledger.artist(hostId).plays || latest.royalties.plays === first.royalties.plays) {
      latest = (await live.next()).value!.data!.royaltiesChanged;
      expect(latest.artist.id).toBe(hostId);
    }
    expect(latest.royalties.plays).toBe(ledger.artist(hostId).plays);
    expect(latest.royalties.plays).toBeGreaterThanOrEqual(first.royalties.plays + 2);
    await live.return?.();
    // The discovery port counts what the product published on its topic.
    const discovery = (await (await fetch(mesh.subgraphs.artists.url.replace('/graphql', '/data-products'))).json()) as { dataProducts: { name: string; figures: { eventsOut: number } }[] };
    expect(discovery.dataProducts.find((p) => p.name === 'artist-royalties')!.figures.eventsOut).toBeGreaterThanOrEqual(3);
  });

  it('a chart page follows the Dutch chart: an episode played again and again climbs to the top, change by change', async () => {
    const { insights, podcasts } = mesh.domains;
    const dutchChart = insights.store.charts.chart({ country: 'NL' });
    const outsider = podcasts.store.episodes.find((e) => !dutchChart.some((entry) => entry.episodeId === e.id))!;
    const podcast = podcasts.store.podcastById.get(outsider.podcastId)!;
    const playOutsider = () => {
      const id = `play-chart-${++played}`;
      const value = { playId: id, listenerId: 'l-2', episodeId: outsider.id, podcastId: podcast.id, hostArtistId: podcast.hostArtistId, secondsPlayed: 300, device: 'TV', country: 'NL', occurredAt: new Date().toISOString() };
      return mesh.log.append(PLAYS_TOPIC.name, [{ key: 'l-2', value: JSON.stringify(value), headers: { [HEADERS.schemaVersion]: PLAY_EVENT_VERSIONS[0] } }]);
    };
    const charts = createClient({ url: mesh.subgraphs.insights.url.replace('http', 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => charts.dispose() });
    type Changed = { chartChanged: { country: string | null; top: { rank: number; plays: number; episode: { id: string } | null }[] } };
    const live = charts.iterate<Changed>({ query: 'subscription { chartChanged(country: "NL") { country top { rank plays episode { id } } } }' });
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
      change = (await live.next()).value!.data!.chartChanged;
    }
    expect(change.top[0]!.plays).toBe(insights.store.charts.chart({ country: 'NL' })[0]!.plays);
    await live.return?.();
  });

  it('a cursor that is not one is refused with BAD_USER_INPUT', async () => {
    const subscription = client.iterate({ query: EPISODE_PLAYED, variables: { after: 'not-a-cursor' } });
    const { value } = await subscription.next();
    expect(value?.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"after" is not a cursor of this topic') })]);
    await subscription.return?.();
  });

  it('a subscriber resuming 3,000 plays back gets every play, once (backpressure itself: test/kit/subscribeToTopic.test.ts)', async () => {
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const player = createPlayer(mesh, 'play-backlog');
    const ids = await Promise.all(Array.from({ length: 3_000 }, () => player({ country: 'IE' })));
    const backlog = client.iterate<{ episodePlayed: Played }>({ query: EPISODE_PLAYED, variables: { country: 'IE', after } });
    const received: string[] = [];
    while (received.length < ids.length) received.push((await next(backlog)).play.id);
    // Appended concurrently, so log order within a partition is what counts: every play once.
    expect(new Set(received)).toEqual(new Set(ids));
    expect(received).toHaveLength(ids.length);
    await backlog.return?.();
  });
});
