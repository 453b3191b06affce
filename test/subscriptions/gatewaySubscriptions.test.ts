import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { createGateway } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { freePort } from '../support/freePort.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { readMetric } from '../support/metrics.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { subscribe, type Subscriber } from '../support/subscriber.ts';

/** What a "now playing" feed shows: the play, its episode and show (podcasts), the host (artists), the listener's home country (listeners). */
const PLAYS_ENRICHED = /* GraphQL */ `
  subscription NowPlaying($after: String, $country: String) {
    episodePlayed(after: $after, country: $country) {
      cursor
      play { id country episode { title podcast { title host { name } } } listener { country } }
    }
  }
`;

interface Played {
  episodePlayed: {
    cursor: string;
    play: { id: string; country: string; episode: { title: string; podcast: { title: string; host: { name: string } | null } }; listener: { country: string } | null };
  };
}

const MAX_PER_CONNECTION = 3;
const MAX_BUFFERED = 20;
const MAX_TOTAL = 101;

describe('a gateway still starting', () => {
  const leftovers = useLeftovers();

  it('answers a WebSocket upgrade with 503 and Retry-After, not a dropped socket', async () => {
    const gateway = leftovers.track(
      await createGateway({ subgraphs: [{ name: 'late', url: `http://127.0.0.1:${await freePort()}/graphql` }], logger: captureLogger('gateway'), backoff: { initialDelayMs: 50, maxDelayMs: 50 } }),
    );
    gateway.ready.catch(() => {});
    const answer = await new Promise<{ status?: number; retryAfter?: string }>((resolve, reject) => {
      const socket = new WebSocket(gateway.url.replace('http', 'ws'), 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode, retryAfter: response.headers['retry-after'] }));
      socket.on('open', () => reject(new Error('the upgrade was accepted before the gateway was ready')));
      socket.on('error', () => {});
    });
    expect(answer).toEqual({ status: 503, retryAfter: '1' });
  });
});

describe('live subscriptions through the gateway', () => {
  const file = useLeftovers('file');
  const leftovers = useLeftovers('test');
  let mesh: TestMesh;
  let play: ReturnType<typeof createPlayer>;
  const metric = (series: string) => readMetric(mesh.gateway.url, series);
  const feed = (variables: Record<string, unknown>) => leftovers.track(subscribe<Played>(mesh.gateway.url, PLAYS_ENRICHED, { variables }));
  const nextPlay = async (subscriber: Subscriber<Played>) => {
    const result = await subscriber.next();
    expect(result.errors).toBeUndefined();
    return result.data!.episodePlayed;
  };
  const fromNow = () => cursorAtEnd(mesh.log, PLAYS_TOPIC.name);

  beforeAll(async () => {
    mesh = file.track(
      await startMesh({
        gateway: {
          // Every fetch counted: nothing shared by the HTTP-level dedupe of identical queries in flight.
          dedupeInflight: false,
          supergraphPollMs: 0,
          subscriptions: { maxPerConnection: MAX_PER_CONNECTION, maxTotal: MAX_TOTAL, maxBufferedEvents: MAX_BUFFERED, backoff: { initialDelayMs: 20, maxDelayMs: 200 } },
        },
      }),
    );
    play = createPlayer(mesh, 'play-gw');
  });

  // The previous test's clients are closed, but the gateway sees their sockets close a moment later: start from none.
  beforeEach(async () => {
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(0), { timeout: 5_000, interval: 20 });
  });

  it('a frontend subscribes to plays and each arrives with what podcasts, artists and listeners know about it', async () => {
    const subscriber = feed({ after: await fromNow() });
    const { podcasts, artists, listeners } = mesh.domains;
    const listener = listeners.store.all[5]!;
    const episode = podcasts.store.episodes[7]!;
    // One listener, so one partition: the order of the log is the order of delivery.
    const ids = [await play({ country: 'FR', episodeId: episode.id, listenerId: listener.id }), await play({ listenerId: listener.id })];

    const first = await nextPlay(subscriber);
    const podcast = podcasts.store.podcastById.get(episode.podcastId)!;
    expect(first.play).toEqual({
      id: ids[0],
      country: 'FR',
      episode: { title: episode.title, podcast: { title: podcast.title, host: { name: artists.store.byId.get(podcast.hostArtistId)!.name } } },
      listener: { country: listener.country },
    });
    expect((await nextPlay(subscriber)).play.id).toBe(ids[1]);
  });

  it('100 frontends with the same subscription share one upstream subscription, and each play is enriched once for all', async () => {
    const after = await fromNow();
    const subscribers = Array.from({ length: 100 }, () => feed({ after }));
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(100), { timeout: 10_000, interval: 20 });
    expect(await metric('meshgraph_subscriptions_upstream')).toBe(1);
    expect(mesh.subgraphs.podcasts.webSocketConnections()).toBe(1);
    const fetches = (subgraph: string) => metric(`meshgraph_subgraph_fetches_total{outcome="ok",subgraph="${subgraph}"}`);
    const before = { artists: await fetches('artists'), listeners: await fetches('listeners') };
    const delivered = await metric('meshgraph_subscription_events_delivered_total');

    const ids = [await play(), await play({ country: 'DE' }), await play({ country: 'SE' })];
    for (const subscriber of subscribers) {
      expect([(await nextPlay(subscriber)).play.id, (await nextPlay(subscriber)).play.id, (await nextPlay(subscriber)).play.id]).toEqual(ids);
    }
    // One entity fetch per plan step per event, not one per client.
    expect(await fetches('artists')).toBe(before.artists + 3);
    expect(await fetches('listeners')).toBe(before.listeners + 3);
    expect(await metric('meshgraph_subscription_events_delivered_total')).toBe(delivered + 300);

    // The last client gone, the upstream subscription and its socket are gone too.
    await Promise.all(subscribers.map((s) => s.close()));
    await vi.waitFor(
      async () => {
        expect(await metric('meshgraph_subscriptions_open')).toBe(0);
        expect(await metric('meshgraph_subscriptions_upstream')).toBe(0);
        expect(mesh.subgraphs.podcasts.webSocketConnections()).toBe(0);
        expect(mesh.gateway.webSocketConnections()).toBe(0);
      },
      { timeout: 10_000, interval: 20 },
    );
  });

  it('podcasts restarts mid-stream: the gateway resumes after the last play it delivered, with no gap and no duplicate', async () => {
    const subscriber = feed({ after: await fromNow() });
    const reconnects = await metric('meshgraph_subscription_upstream_reconnects_total');
    const ids = [await play(), await play()];
    expect([(await nextPlay(subscriber)).play.id, (await nextPlay(subscriber)).play.id]).toEqual(ids);

    await mesh.stopSubgraph('podcasts');
    ids.push(await play({ country: 'NL' }), await play({ country: 'NL' }));
    await mesh.restartSubgraph('podcasts');
    ids.push(await play());

    const received = [];
    for (let i = 0; i < 3; i++) received.push((await nextPlay(subscriber)).play.id);
    expect(received).toEqual(ids.slice(2));
    expect(await metric('meshgraph_subscription_upstream_reconnects_total')).toBeGreaterThan(reconnects);
    // Nothing more than those: the next event is the next play.
    const after = await play();
    expect((await nextPlay(subscriber)).play.id).toBe(after);
  });

  it('a frontend that reconnects with its last cursor gets what it missed from the log, then live plays, in order', async () => {
    const first = feed({ after: await fromNow(), country: 'GB' });
    await play({ country: 'GB' });
    const seen = await nextPlay(first);
    await first.close();

    const missed = [await play({ country: 'US' }), await play({ country: 'GB' }), await play({ country: 'GB' })];
    const resumed = feed({ after: seen.cursor, country: 'GB' });
    expect((await nextPlay(resumed)).play.id).toBe(missed[1]);
    expect((await nextPlay(resumed)).play.id).toBe(missed[2]);
    const live = await play({ country: 'GB' });
    expect((await nextPlay(resumed)).play.id).toBe(live);
  });

  it('a frontend that comes later with the same cursor gets every play after it, though an upstream from that cursor has moved on', async () => {
    const after = await fromNow();
    const early = feed({ after });
    const first = await play();
    expect((await nextPlay(early)).play.id).toBe(first);

    const late = feed({ after });
    expect((await nextPlay(late)).play.id).toBe(first);
    const second = await play();
    expect((await nextPlay(late)).play.id).toBe(second);
    expect((await nextPlay(early)).play.id).toBe(second);
  });

  it(`one connection may hold ${MAX_PER_CONNECTION} subscriptions; the next is refused with TOO_MANY_SUBSCRIPTIONS and the others go on`, async () => {
    const after = await fromNow();
    const first = feed({ after });
    const more = Array.from({ length: MAX_PER_CONNECTION - 1 }, () => first.client.iterate<Played>({ query: PLAYS_ENRICHED, variables: { after } }));
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(MAX_PER_CONNECTION), { timeout: 5_000, interval: 20 });
    const refused = first.client.iterate({ query: PLAYS_ENRICHED });
    const { value } = await refused.next();
    expect(value?.errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(value?.errors?.[0]?.message).toContain(`already has ${MAX_PER_CONNECTION} open subscriptions`);
    expect(await metric('meshgraph_subscriptions_refused_total{limit="per_connection"}')).toBe(1);

    const id = await play();
    expect((await nextPlay(first)).play.id).toBe(id);
    for (const other of more) expect((await other.next()).value?.data?.episodePlayed.play.id).toBe(id);
    await Promise.all(more.map((it) => it.return?.()));
  });

  it(`the gateway holds ${MAX_TOTAL} subscriptions in all; the next is refused with TOO_MANY_SUBSCRIPTIONS`, async () => {
    const after = await fromNow();
    const subscribers = Array.from({ length: MAX_TOTAL }, () => feed({ after }));
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(MAX_TOTAL), { timeout: 10_000, interval: 20 });
    const refused = feed({ after });
    const { errors } = await refused.next();
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } });
    expect(errors?.[0]?.message).toContain(`holds ${MAX_TOTAL} subscriptions`);
    expect(await metric('meshgraph_subscriptions_refused_total{limit="total"}')).toBe(1);
    await subscribers[0]!.close();
    // A place freed is a place taken.
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(MAX_TOTAL - 1), { timeout: 5_000, interval: 20 });
    const next = feed({ after });
    const id = await play();
    expect((await nextPlay(next)).play.id).toBe(id);
  });

  it('garbage and out-of-protocol messages close that socket with the protocol codes; everyone else keeps being served', async () => {
    const healthy = feed({ after: await fromNow() });
    const wsUrl = mesh.gateway.url.replace('http', 'ws');
    const init = JSON.stringify({ type: 'connection_init' });
    /** The close code after sending `messages`, once acknowledged if `acknowledged`. */
    const closeCodeAfter = (messages: string[], { acknowledged = false } = {}) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
        const send = () => messages.forEach((m) => socket.send(m));
        socket.on('open', () => (acknowledged ? socket.send(init) : send()));
        socket.on('message', (data) => JSON.parse(String(data)).type === 'connection_ack' && send());
        socket.on('close', (code) => resolve(code));
        socket.on('error', reject);
      });
    const sub = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { episodePlayed { cursor } }' } });
    expect(await closeCodeAfter(['{"this is": not json'])).toBe(4400);
    expect(await closeCodeAfter([JSON.stringify({ type: 'no-such-message' })])).toBe(4400);
    expect(await closeCodeAfter([sub])).toBe(4401);
    expect(await closeCodeAfter([sub, sub], { acknowledged: true })).toBe(4409);
    expect(await closeCodeAfter([init], { acknowledged: true })).toBe(4429);

    const id = await play();
    expect((await nextPlay(healthy)).play.id).toBe(id);
  });

  it(`a client that stops reading is cut off at ${MAX_BUFFERED} waiting events with close code 4413; the others get every event`, async () => {
    // Plays only, no entity fetches: the gateway outruns the stalled socket quickly.
    const query = 'subscription($after: String) { episodePlayed(after: $after) { cursor play { id country secondsPlayed episode { title podcast { title description category } } } } }';
    const after = await fromNow();
    const reader = leftovers.track(subscribe<{ episodePlayed: { play: { id: string } } }>(mesh.gateway.url, query, { variables: { after } }));
    // The stalled client asks for large events (a show's description, forty times over): the kernel's socket buffers, which
    // grow to megabytes, fill after hundreds of plays instead of tens of thousands.
    const descriptions = Array.from({ length: 40 }, (_, i) => `d${i}: description`).join(' ');
    const stalledQuery = `subscription($after: String) { episodePlayed(after: $after) { cursor play { id episode { podcast { ${descriptions} } } } } }`;
    const stalled = new WebSocket(mesh.gateway.url.replace('http', 'ws'), 'graphql-transport-ws');
    leftovers.track({ close: () => stalled.terminate() });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => stalled.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise<void>((resolve) => {
      stalled.on('open', () => stalled.send(JSON.stringify({ type: 'connection_init' })));
      stalled.on('message', (data) => {
        if (JSON.parse(String(data)).type !== 'connection_ack') return;
        stalled.send(JSON.stringify({ id: 'slow', type: 'subscribe', payload: { query: stalledQuery, variables: { after } } }));
        resolve();
      });
    });
    await vi.waitFor(async () => expect(await metric('meshgraph_subscriptions_open')).toBe(2), { timeout: 5_000, interval: 20 });
    // The stalled client stops reading its socket: the kernel buffers fill, then the gateway's.
    (stalled as unknown as { _socket: { pause(): void } })._socket.pause();

    // Plays come in steps the reader keeps up with, until the stalled client is cut off.
    const dropped = await metric('meshgraph_subscription_events_dropped_total');
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    let appended = 0;
    do {
      expect(appended, 'the stalled client was never cut off').toBeLessThan(50_000);
      // Ten steps between looks at /metrics: a scrape (with the process metrics) costs more than a step.
      for (let step = 0; step < 10; step++) {
        const ids = await Promise.all(Array.from({ length: MAX_BUFFERED / 2 }, () => play({ episodeId: episode.id })));
        appended += ids.length;
        for (const id of ids) expect((await reader.next()).data?.episodePlayed.play.id).toBe(id);
      }
    } while ((await metric('meshgraph_subscription_events_dropped_total')) === dropped);
    (stalled as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toMatchObject({ code: 4413, reason: expect.stringContaining('Too slow') });
    expect(await metric('meshgraph_subscriptions_open')).toBe(1);
  }, 90_000);

  it('a subscription nested deeper than the limit is refused with QUERY_TOO_DEEP', async () => {
    const nested = (depth: number): string => (depth === 0 ? 'id' : `episode { plays(first: 1) { edges { node { ${nested(depth - 1)} } } } }`);
    const deep = leftovers.track(subscribe(mesh.gateway.url, `subscription { episodePlayed { play { ${nested(4)} } } }`));
    // Refused before validation, as graphql-transport-ws refuses an invalid operation: with an `error` message.
    expect(await deep.ended).toMatchObject([{ extensions: { code: 'QUERY_TOO_DEEP' } }]);
  });

  it('queries run over the same WebSocket too', async () => {
    const client = subscribe(mesh.gateway.url, '{ topCharts(first: 1) { edges { node { rank episode { title } } } } }');
    leftovers.track(client);
    const result = await client.next();
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ topCharts: { edges: [{ node: { rank: 1 } }] } });
  });
});
