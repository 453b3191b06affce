import { beforeAll, describe, expect, it } from 'vitest';
import { useLeftovers } from '../support/leftovers.ts';
import { postGraphQL } from '../support/http.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';

const CHARTS_ACROSS_THE_MESH = /* GraphQL */ `
  query ChartsAcrossTheMesh($country: String) {
    topCharts(country: $country, first: 5) {
      totalCount
      edges {
        node {
          rank
          plays
          episode {
            urn
            title
            podcast {
              title
              host { urn name royalties { amount currency plays } }
            }
            plays(first: 3) { edges { node { device listener { urn country } } } }
          }
        }
      }
    }
  }
`;

describe('a cross-domain query through the gateway', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh());
  });

  it('follows top charts (insights) to the episode and show (podcasts), the host and royalties (artists) and the listener country (listeners)', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: CHARTS_ACROSS_THE_MESH, variables: { country: 'US' } });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);

    const { podcasts, artists, listeners, insights } = mesh.domains;
    const chart = insights.store.charts.chart({ country: 'US' });
    const edges = body.data!.topCharts.edges;
    expect(edges).toHaveLength(5);
    expect(body.data!.topCharts.totalCount).toBe(chart.length);

    for (const [index, { node }] of edges.entries()) {
      const entry = chart[index]!;
      const episode = podcasts.store.episodeById.get(entry.episodeId)!;
      const podcast = podcasts.store.podcastById.get(episode.podcastId)!;
      const host = artists.store.byId.get(podcast.hostArtistId)!;
      expect(node.rank).toBe(index + 1);
      expect(node.plays).toBe(entry.plays);
      expect(node.episode.urn).toBe(`urn:meshgraph:episode:${episode.id}`);
      expect(node.episode.title).toBe(episode.title);
      expect(node.episode.podcast.title).toBe(podcast.title);
      expect(node.episode.podcast.host.name).toBe(host.name);
      expect(node.episode.podcast.host.royalties.plays).toBe(artists.store.ledger.artist(host.id).plays);
      for (const { node: play } of node.episode.plays.edges) {
        const listenerId = play.listener.urn.split(':').at(-1);
        expect(play.listener.country).toBe(listeners.store.byId.get(listenerId)!.country);
      }
    }
    // Charts are ranked by plays.
    const plays = edges.map((e: { node: { plays: number } }) => e.node.plays);
    expect([...plays].sort((a, b) => b - a)).toEqual(plays);
  });

  it('batches entity fetches: one store call per type and plan step, however many entities', async () => {
    const before = { listeners: mesh.domains.listeners.store.batchLoads, episodes: mesh.domains.podcasts.store.batchLoads.Episode };
    const { body } = await postGraphQL(mesh.gateway.url, {
      query: `{ listenerEngagement(first: 50) { edges { node { plays listener { country plan } } } } }`,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.listenerEngagement.edges).toHaveLength(50);
    // 50 listeners resolved in the listeners subgraph with a single store call.
    expect(mesh.domains.listeners.store.batchLoads - before.listeners).toBe(1);

    const charts = await postGraphQL(mesh.gateway.url, { query: `{ topCharts(first: 30) { edges { node { episode { title } } } } }` });
    expect(charts.body.data!.topCharts.edges).toHaveLength(30);
    expect(mesh.domains.podcasts.store.batchLoads.Episode - before.episodes).toBe(1);
  });

  it('serves each polyseme facet with the same URN in every domain', async () => {
    const listener = mesh.domains.listeners.store.all[0]!;
    const { body } = await postGraphQL(mesh.gateway.url, {
      query: `query($id: ID!) { listener(id: $id) { urn country engagement { urn: listener { urn } segment plays } } }`,
      variables: { id: listener.id },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.listener.urn).toBe(`urn:meshgraph:listener:${listener.id}`);
    expect(body.data!.listener.engagement.urn.urn).toBe(body.data!.listener.urn);
    expect(body.data!.listener.engagement.plays).toBe(mesh.domains.insights.store.engagement.of(listener.id).plays);
  });
});
