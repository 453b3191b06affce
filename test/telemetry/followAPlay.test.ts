import { trace, type SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLog, LogRecord } from '../../eventlog/index.ts';
import { PLAYS_TOPIC, ROYALTIES_TOPIC } from '../../schema/events/index.ts';
import { startTracing, type Tracing } from '../../telemetry/index.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { createSpanRecorder, type SpanRecorder } from '../support/spanRecorder.ts';
import { subscribe } from '../support/subscriber.ts';

const NOW_PLAYING = /* GraphQL */ `
  subscription NowPlaying($after: String) {
    episodePlayed(after: $after) { cursor play { id episode { title podcast { host { name } } } listener { country } } }
  }
`;

const ROYALTIES = /* GraphQL */ `
  subscription HostRoyalties($artistId: ID, $after: String) {
    royaltiesChanged(artistId: $artistId, after: $after) { cursor artist { id name } royalties { amount } }
  }
`;

const CHART = /* GraphQL */ `
  query TracedChart { topCharts(first: 2) { edges { node { rank episode { title podcast { title host { name } } } } } } }
`;

/** The first record appended to `topic` after `offsets` that `matches`. */
async function recordAfter(log: EventLog, topic: string, offsets: Record<number, number>, matches: (record: LogRecord) => boolean): Promise<LogRecord> {
  let found!: (record: LogRecord) => void;
  const record = new Promise<LogRecord>((resolve) => (found = resolve));
  const reader = await log.read({
    topic,
    from: { kind: 'offsets', offsets },
    onBatch: (records) => {
      const match = records.find(matches);
      if (match) found(match);
    },
  });
  try {
    return await record;
  } finally {
    await reader.close();
  }
}

const isChildOf = (parent: SpanContext) => (span: ReadableSpan) => span.parentSpanContext?.spanId === parent.spanId && span.spanContext().traceId === parent.traceId;

describe('tracing: one play followed from the player app to the subscribers', () => {
  const file = useLeftovers('file');
  const leftovers = useLeftovers('test');
  const spans: SpanRecorder = createSpanRecorder();
  let tracing: Tracing;
  let mesh: TestMesh;

  beforeAll(async () => {
    // Every domain and the gateway run in this process, so they share its one provider.
    tracing = await startTracing({ component: 'test', spanProcessor: spans.processor });
    file.track(tracing);
    mesh = file.track(await startMesh({ gateway: { supergraphPollMs: 0 } }));
  });

  it('a play carries its trace through the log, artist-royalties and the gateway, to both subscribers', async () => {
    const { podcasts } = mesh.domains;
    const episode = podcasts.store.episodes[0]!;
    const host = podcasts.store.podcastById.get(episode.podcastId)!.hostArtistId;
    const playsFrom = await mesh.log.endOffsets(PLAYS_TOPIC.name);
    const nowPlaying = leftovers.track(subscribe<{ episodePlayed: { play: { id: string } } }>(mesh.gateway.url, NOW_PLAYING, { variables: { after: await cursorAtEnd(mesh.log, PLAYS_TOPIC.name) } }));
    const royalties = leftovers.track(
      subscribe<{ royaltiesChanged: { artist: { id: string } } }>(mesh.gateway.url, ROYALTIES, { variables: { artistId: host, after: await cursorAtEnd(mesh.log, ROYALTIES_TOPIC.name) } }),
    );

    // The player app plays an episode inside a span of its own: the root of the trace.
    const player = createPlayer(mesh, 'traced');
    const { playId, root } = await trace.getTracer('player app').startActiveSpan('play', async (span) => {
      const id = await player({ episodeId: episode.id });
      span.end();
      return { playId: id, root: span.spanContext() };
    });

    // podcasts' record of the play carries the player's trace.
    const record = await recordAfter(mesh.log, PLAYS_TOPIC.name, playsFrom, (r) => JSON.parse(r.value.toString()).playId === playId);
    expect(record.headers['traceparent']).toBe(`00-${root.traceId}-${root.spanId}-01`);

    // artist-royalties consumes it in a span of that trace (and publishes the change inside it).
    const royaltiesConsumer = await spans.waitFor(
      (span) => isChildOf(root)(span) && span.name === `process ${PLAYS_TOPIC.name}` && span.attributes['messaging.consumer.group.name'] === 'artists.artist-royalties',
    );

    // The enriched play reaches its subscriber: the gateway completed it in the player's trace, after podcasts sent it.
    expect((await nowPlaying.next()).data?.episodePlayed.play.id).toBe(playId);
    const podcastsEvent = await spans.waitFor((span) => isChildOf(root)(span) && span.name === 'subgraph.subscription.event');
    const gatewayPlay = await spans.waitFor((span) => isChildOf(podcastsEvent.spanContext())(span) && span.name === 'gateway.subscription.event');
    expect(gatewayPlay.attributes).toMatchObject({ 'graphql.operation.name': 'NowPlaying', 'meshgraph.subgraph': 'podcasts' });
    // Its entity fetches (artists for the host, listeners for the country) are in the trace too, down to the subgraphs.
    for (const subgraph of ['artists', 'listeners']) {
      await spans.waitFor((span) => span.name === 'subgraph.request' && span.attributes['meshgraph.subgraph'] === subgraph && span.spanContext().traceId === root.traceId);
    }

    // The host's new royalties reach theirs: artists sent the change artist-royalties published, the gateway completed it.
    expect((await royalties.next()).data?.royaltiesChanged.artist.id).toBe(host);
    const artistsEvent = await spans.waitFor((span) => isChildOf(royaltiesConsumer.spanContext())(span) && span.name === 'subgraph.subscription.event');
    const gatewayRoyalties = await spans.waitFor((span) => isChildOf(artistsEvent.spanContext())(span) && span.name === 'gateway.subscription.event');
    expect(gatewayRoyalties.attributes).toMatchObject({ 'graphql.operation.name': 'HostRoyalties', 'meshgraph.subgraph': 'artists' });
  });

  it('a query through the gateway is one trace: the gateway request, its fetches, and each subgraph serving one', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: CHART });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();

    const request = await spans.waitFor((span) => span.name === 'gateway.request' && span.attributes['graphql.operation.name'] === 'TracedChart');
    const { traceId } = request.spanContext();
    for (const subgraph of ['insights', 'podcasts', 'artists']) {
      const served = await spans.waitFor((span) => span.name === 'subgraph.request' && span.attributes['meshgraph.subgraph'] === subgraph && span.spanContext().traceId === traceId);
      // Each subgraph's span is the child of the gateway's fetch from it.
      const fetch = spans.spans().find((span) => span.spanContext().spanId === served.parentSpanContext?.spanId);
      expect(fetch).toMatchObject({ name: 'gateway.fetch', attributes: { service: subgraph } });
      expect(served.attributes['http.response.status_code']).toBe(200);
    }
  });

  it('a frontend that sends a traceparent finds the gateway request and the subgraphs in its own trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const { body } = await postGraphQL(mesh.gateway.url, { query: CHART }, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(body.errors).toBeUndefined();
    await spans.waitFor((span) => span.name === 'gateway.request' && span.spanContext().traceId === traceId);
    await spans.waitFor((span) => span.name === 'subgraph.request' && span.spanContext().traceId === traceId);
  });
});
