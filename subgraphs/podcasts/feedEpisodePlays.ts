import { decodePlay, PLAY_EVENT_VERSIONS, PLAYS_TOPIC, type PlayEvent, type Recorded } from '../../schema/events/index.ts';
import { materializeOwnTopic, toEventRecord, type DomainRuntime, type OwnTopicFeed } from '../kit/index.ts';
import type { PlayRecord } from './PlayRecord.ts';
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

/** What the live source of plays gets once episode-plays has caught up with its topic. */
export interface PlayFeed extends OwnTopicFeed<PlayRecord> {
  /** The catalog and the plays so far. */
  store: PodcastStore;
}

/** Where episode-plays' records come from besides its topic: a history to write once, and a live source. */
export interface EpisodePlaysSources {
  /** Plays written once into an empty plays topic, e.g. a demo world's history. @default none: the product fills from its topic */
  history?: () => readonly PlayRecord[];
  /** Starts the live source of plays (the player apps); returns how to stop it. @default none */
  source?: (feed: PlayFeed) => { stop(): void } | undefined;
}

/**
 * Feeds episode-plays from the event log: writes the history once (into an
 * empty topic), materializes the store from the topic (so a restart has
 * every play), then starts the live source of plays, which publishes them on
 * the topic.
 */
export function feedEpisodePlays(runtime: DomainRuntime, store: PodcastStore, options: EpisodePlaysSources) {
  const { history = () => [], source } = options;
  return materializeOwnTopic({
    log: runtime.log,
    logger: runtime.logger,
    topic: PLAYS_TOPIC,
    history,
    toRecord,
    decode: (record) => toPlay(decodePlay(record)),
    add: (plays) => store.addPlays(plays),
    what: 'plays',
    source: source && ((feed) => source({ ...feed, store })),
  });
}
