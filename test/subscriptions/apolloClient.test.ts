import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { OperationTypeNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';

const NOW_PLAYING = gql`
  subscription NowPlaying($after: String) {
    episodePlayed(after: $after) {
      cursor
      play { id episode { id title podcast { title host { name } } } listener { id country } }
    }
  }
`;

interface NowPlaying {
  episodePlayed: { cursor: string; play: { id: string; episode: { id: string; title: string; podcast: { title: string; host: { name: string } } }; listener: { id: string; country: string } } };
}

describe('a frontend on Apollo Client', () => {
  const leftovers = useLeftovers();

  it('queries over HTTP and subscribes over GraphQLWsLink to the same gateway URL, with cross-domain fields in every event', async () => {
    const mesh = leftovers.track(await startMesh({ data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0 } }));
    const play = createPlayer(mesh, 'play-apollo');
    // The usual frontend set-up: subscriptions over WebSocket, everything else over HTTP.
    const wsClient = createClient({ url: mesh.gateway.url.replace('http', 'ws'), webSocketImpl: WebSocket });
    leftovers.track({ close: () => wsClient.dispose() });
    const client = new ApolloClient({
      cache: new InMemoryCache(),
      link: ApolloLink.split(
        ({ query }) => {
          const definition = getMainDefinition(query);
          return definition.kind === 'OperationDefinition' && definition.operation === OperationTypeNode.SUBSCRIPTION;
        },
        new GraphQLWsLink(wsClient),
        new HttpLink({ uri: mesh.gateway.url }),
      ),
    });
    leftovers.track({ close: () => client.stop() });

    const { data: charts } = await client.query<{ topCharts: { edges: { node: { rank: number } }[] } }>({ query: gql`{ topCharts(first: 1) { edges { node { rank } } } }` });
    expect(charts?.topCharts.edges[0]?.node.rank).toBe(1);

    // From the end of the stream now: nothing appended after this line is missed.
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const received: NowPlaying['episodePlayed'][] = [];
    const arrived = new Promise<void>((resolve, reject) => {
      const subscription = client.subscribe<NowPlaying>({ query: NOW_PLAYING, variables: { after } }).subscribe({
        next: ({ data, error }) => {
          if (error) return reject(error);
          received.push(data!.episodePlayed);
          if (received.length === 2) {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    const ids = [await play(), await play({ country: 'FR' })];
    await arrived;

    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const podcast = mesh.domains.podcasts.store.podcastById.get(episode.podcastId)!;
    expect(received.map((e) => e.play.id)).toEqual(ids);
    expect(received[0]!.play.episode).toMatchObject({ id: episode.id, title: episode.title, podcast: { title: podcast.title, host: { name: mesh.domains.artists.store.byId.get(podcast.hostArtistId)!.name } } });
    // The events land in Apollo's normalized cache like any query result.
    expect((client.cache.extract() as Record<string, unknown>)[`Episode:${episode.id}`]).toMatchObject({ title: episode.title });
  });
});
