import { createRandom, generatePlays, type DemoDataOptions, type PlayRecord } from '../../demo/data/index.ts';
import { simulateInto, simulatePlay } from '../../demo/simulator/index.ts';
import { decodePlay, PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent, type Recorded } from '../../schema/events/index.ts';
import { materializeOwnTopic, toEventRecord, type DomainRuntime } from '../kit/index.ts';
import type { PodcastStore } from './podcastStore.ts';

const toRecord = (play: PlayRecord) =>
  toEventRecord({
    key: play.listenerId,
    value: {
      playId: play.id, listenerId: play.listenerId, episodeId: play.episodeId, podcastId: play.podcastId, hostArtistId: play.hostArtistId,
      secondsPlayed: play.secondsPlayed, device: play.device, country: play.country, occurredAt: play.occurredAt,
    } satisfies PlayEvent,
    occurredAt: play.occurredAt,
    recordedAt: play.recordedAt,
    producer: 'podcasts',
    schemaVersion: PLAY_EVENT_VERSIONS.at(-1)!,
  });

/** A decoded play event as the store keeps it. */
export const toPlay = (e: Recorded<PlayEvent>): PlayRecord => ({
  id: e.playId, listenerId: e.listenerId, episodeId: e.episodeId, podcastId: e.podcastId, hostArtistId: e.hostArtistId,
  secondsPlayed: e.secondsPlayed, device: e.device, country: e.country, occurredAt: e.occurredAt, recordedAt: e.recordedAt,
});

/**
 * episode-plays on the event log: writes the demo world's history once (into
 * an empty topic), materializes the store from the topic (so a restart has
 * every play), then simulates the player apps at `playsPerSecond`.
 */
export async function streamPlays(runtime: DomainRuntime, store: PodcastStore, data: DemoDataOptions, playsPerSecond: number) {
  const { log, logger } = runtime;
  const reader = await materializeOwnTopic({
    log,
    logger,
    topic: PLAYS_TOPIC,
    history: () => generatePlays(data),
    toRecord,
    decode: (record) => toPlay(decodePlay(record)),
    add: (plays) => store.addPlays(plays),
    what: 'plays',
  });
  const random = createRandom(`${data.seed ?? 'meshgraph'}:simulation:${Date.now()}`);
  const templates = playsPerSecond > 0 ? store.plays.slice() : [];
  let next = store.plays.length + 1;
  const ticker = simulateInto({
    log,
    logger,
    topic: PLAYS_TOPIC.name,
    ratePerSecond: templates.length > 0 ? playsPerSecond : 0,
    make: () => simulatePlay(random, templates, (id) => store.episodeById.get(id)?.durationSeconds ?? 60, next++),
    toRecord,
    source: 'the player apps',
  });
  return {
    async close() {
      ticker?.stop();
      await reader.close();
    },
  };
}
