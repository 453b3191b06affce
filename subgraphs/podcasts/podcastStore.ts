import {
  generateEpisodes,
  generatePlays,
  generatePodcasts,
  type DemoDataOptions,
  type EpisodeRecord,
  type PlayRecord,
  type PodcastRecord,
} from '../../demo/data/index.ts';
import { createGroupedLists, createOrderedList, type KeyPart, type OrderArgs, type OrderedList } from '../kit/index.ts';

export type PodcastOrderField = 'PLAY_COUNT' | 'EPISODE_COUNT' | 'LAUNCHED_AT' | 'TITLE';
export type EpisodeOrderField = 'RELEASED_AT' | 'PLAY_COUNT' | 'DURATION';
export type PlayOrderField = 'OCCURRED_AT' | 'SECONDS_PLAYED';

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The podcast-catalog and episode-plays data products' records, indexed for the domain's queries. */
export interface PodcastStore {
  podcasts: readonly PodcastRecord[];
  episodes: readonly EpisodeRecord[];
  plays: readonly PlayRecord[];
  podcastById: ReadonlyMap<string, PodcastRecord>;
  episodeById: ReadonlyMap<string, EpisodeRecord>;
  episodesByPodcast: ReadonlyMap<string, EpisodeRecord[]>;
  playsByEpisode: ReadonlyMap<string, PlayRecord[]>;
  playsByListener: ReadonlyMap<string, PlayRecord[]>;
  playsByPodcast: ReadonlyMap<string, PlayRecord[]>;
  playsByHost: ReadonlyMap<string, PlayRecord[]>;
  podcastList: OrderedList<PodcastRecord, PodcastOrderField>;
  episodeList: OrderedList<EpisodeRecord, EpisodeOrderField>;
  playList: OrderedList<PlayRecord, PlayOrderField>;
  /** Plays of one episode, listener, podcast or host, each sorted once on first use. */
  playsOf: Record<'episode' | 'listener' | 'podcast' | 'host', (id: string) => OrderedList<PlayRecord, PlayOrderField>>;
  /** Episodes of one podcast. */
  episodesOf: (podcastId: string) => OrderedList<EpisodeRecord, EpisodeOrderField>;
  /** Store calls made by entity loading, by type; tests count them. */
  batchLoads: { Podcast: number; Episode: number };
}

export const DEFAULT_EPISODE_ORDER: OrderArgs<EpisodeOrderField> = { field: 'RELEASED_AT', direction: 'DESC' };
export const DEFAULT_PLAY_ORDER: OrderArgs<PlayOrderField> = { field: 'OCCURRED_AT', direction: 'DESC' };

/** Builds the store from the demo world. */
export function createPodcastStore(options: DemoDataOptions): PodcastStore {
  const podcasts = generatePodcasts(options);
  const episodes = generateEpisodes(options);
  const plays = generatePlays(options);
  const episodesByPodcast = groupBy(episodes, (e) => e.podcastId);
  const playsByEpisode = groupBy(plays, (p) => p.episodeId);
  const playsByPodcast = groupBy(plays, (p) => p.podcastId);
  const playsByListener = groupBy(plays, (p) => p.listenerId);
  const playsByHost = groupBy(plays, (p) => p.hostArtistId);
  const episodePlays = (e: EpisodeRecord) => playsByEpisode.get(e.id)?.length ?? 0;
  const podcastPlays = (p: PodcastRecord) => playsByPodcast.get(p.id)?.length ?? 0;
  const episodeKeys = {
    RELEASED_AT: (e: EpisodeRecord) => [e.occurredAt, e.id],
    PLAY_COUNT: (e: EpisodeRecord) => [episodePlays(e), e.id],
    DURATION: (e: EpisodeRecord) => [e.durationSeconds, e.id],
  };
  const playKeys = {
    OCCURRED_AT: (p: PlayRecord) => [p.occurredAt, p.id],
    SECONDS_PLAYED: (p: PlayRecord) => [p.secondsPlayed, p.id],
  };
  return {
    podcasts,
    episodes,
    plays,
    podcastById: new Map(podcasts.map((p) => [p.id, p])),
    episodeById: new Map(episodes.map((e) => [e.id, e])),
    episodesByPodcast,
    playsByEpisode,
    playsByListener,
    playsByPodcast,
    playsByHost,
    podcastList: createOrderedList<PodcastRecord, PodcastOrderField>(
      'podcasts',
      podcasts,
      {
        PLAY_COUNT: (p) => [podcastPlays(p), p.id],
        EPISODE_COUNT: (p) => [episodesByPodcast.get(p.id)?.length ?? 0, p.id],
        LAUNCHED_AT: (p) => [p.occurredAt, p.id],
        TITLE: (p) => [p.title, p.id],
      },
      { field: 'PLAY_COUNT', direction: 'DESC' },
    ),
    episodeList: createOrderedList('episodes', episodes, episodeKeys, DEFAULT_EPISODE_ORDER),
    playList: createOrderedList('plays', plays, playKeys, DEFAULT_PLAY_ORDER),
    playsOf: {
      episode: createGroupedLists('plays', playsByEpisode, playKeys, DEFAULT_PLAY_ORDER),
      listener: createGroupedLists('plays', playsByListener, playKeys, DEFAULT_PLAY_ORDER),
      podcast: createGroupedLists('plays', playsByPodcast, playKeys, DEFAULT_PLAY_ORDER),
      host: createGroupedLists('plays', playsByHost, playKeys, DEFAULT_PLAY_ORDER),
    },
    episodesOf: createGroupedLists('episodes', episodesByPodcast, episodeKeys, DEFAULT_EPISODE_ORDER),
    batchLoads: { Podcast: 0, Episode: 0 },
  };
}
