import { beforeAll, describe, expect, it } from 'vitest';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { subscribe } from '../support/subscriber.ts';

const NOW_PLAYING = /* GraphQL */ `
  subscription($after: String) {
    episodePlayed(after: $after) { cursor play { id episode { title podcast { host { name } } } listener { country } } }
  }
`;

interface Played {
  episodePlayed: { cursor: string; play: { id: string; episode: { title: string; podcast: { host: { name: string } } }; listener: { country: string } } };
}

// The same subscriptions with the whole mesh on Kafka (kafkajs over TCP to the Kafka-protocol test broker).
describe('live subscriptions through the gateway, on Kafka', () => {
  const file = useLeftovers('file');
  const leftovers = useLeftovers();
  let mesh: TestMesh;

  beforeAll(async () => {
    mesh = file.track(await startMesh({ eventLog: 'kafka', data: SMALL_TEST_DATA, gateway: { supergraphPollMs: 0 } }));
  });

  it('plays arrive enriched by three domains, and a client resumes after its cursor with no gap and no duplicate', async () => {
    const play = createPlayer(mesh, 'play-kafka');
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const live = leftovers.track(subscribe<Played>(mesh.gateway.url, NOW_PLAYING, { variables: { after } }));
    const listener = mesh.domains.listeners.store.all[3]!;
    // One listener, so one partition: the order of the log is the order of delivery.
    const ids = [await play({ listenerId: listener.id }), await play({ listenerId: listener.id }), await play({ listenerId: listener.id })];

    const first = (await live.next()).data!.episodePlayed;
    const episode = mesh.domains.podcasts.store.episodes[0]!;
    const host = mesh.domains.artists.store.byId.get(mesh.domains.podcasts.store.podcastById.get(episode.podcastId)!.hostArtistId)!;
    expect(first.play).toEqual({ id: ids[0], episode: { title: episode.title, podcast: { host: { name: host.name } } }, listener: { country: listener.country } });
    expect((await live.next()).data!.episodePlayed.play.id).toBe(ids[1]);
    await live.close();

    const resumed = leftovers.track(subscribe<Played>(mesh.gateway.url, NOW_PLAYING, { variables: { after: first.cursor } }));
    expect((await resumed.next()).data!.episodePlayed.play.id).toBe(ids[1]);
    expect((await resumed.next()).data!.episodePlayed.play.id).toBe(ids[2]);
    const later = await play({ listenerId: listener.id });
    expect((await resumed.next()).data!.episodePlayed.play.id).toBe(later);
  });
});
