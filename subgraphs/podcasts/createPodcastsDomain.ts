import type { Device } from '../../schema/index.ts';
import { decodePlay, PLAYS_TOPIC } from '../../schema/events/index.ts';
import { readSchemaFile, topicSubscriptionField, type DomainDefinition, type ListArgs } from '../kit/index.ts';
import { episodePlays, podcastCatalog } from './dataProducts.ts';
import type { EpisodeRecord } from './EpisodeRecord.ts';
import { feedEpisodePlays, type EpisodePlaysSources, toPlay } from './feedEpisodePlays.ts';
import type { PlayRecord } from './PlayRecord.ts';
import type { PodcastRecord } from './PodcastRecord.ts';
import { publishCatalog } from './publishCatalog.ts';
import {
  PodcastStore,
  type EpisodeOrderField,
  type PlayOrderField,
  type PodcastCatalog,
  type PlayIndex,
  type PodcastOrderField,
} from './podcastStore.ts';

interface PlayFilterArgs extends ListArgs<PlayOrderField> {
  episodeId?: string | null;
  podcastId?: string | null;
  listenerId?: string | null;
  hostId?: string | null;
  country?: string | null;
  device?: Device | null;
  from?: string | null;
  to?: string | null;
}

interface PodcastsArgs extends ListArgs<PodcastOrderField> {
  category?: string | null;
  country?: string | null;
  language?: string | null;
  hostId?: string | null;
}

interface EpisodesArgs extends ListArgs<EpisodeOrderField> {
  podcastId?: string | null;
  releasedFrom?: string | null;
  releasedTo?: string | null;
}

/** The equality filters of plays, each with its index. */
const PLAY_FILTERS: readonly { index: PlayIndex; given: (args: PlayFilterArgs) => string | null | undefined; of: (play: PlayRecord) => string }[] = [
  { index: 'episode', given: (args) => args.episodeId, of: (play) => play.episodeId },
  { index: 'listener', given: (args) => args.listenerId, of: (play) => play.listenerId },
  { index: 'podcast', given: (args) => args.podcastId, of: (play) => play.podcastId },
  { index: 'host', given: (args) => args.hostId, of: (play) => play.hostArtistId },
  { index: 'country', given: (args) => args.country, of: (play) => play.country },
  { index: 'device', given: (args) => args.device, of: (play) => play.device },
];

/**
 * Pages plays from the smallest index the filters allow; the other filters
 * are checked on that index's plays only as far as the page reaches, and
 * with one filter (or none) `totalCount` is the index's size. Ordered by
 * time, `from` and `to` bound what is read.
 */
function pagePlays(store: PodcastStore, args: PlayFilterArgs) {
  const given = PLAY_FILTERS.flatMap((filter) => {
    const value = filter.given(args);
    return value ? [{ ...filter, value, size: store.playsOf[filter.index].sizeOf(value) }] : [];
  });
  const smallest = given.reduce<(typeof given)[number] | undefined>((best, filter) => (best && best.size <= filter.size ? best : filter), undefined);
  const checks = [
    ...given.filter((filter) => filter !== smallest).map(({ of, value }) => (play: PlayRecord) => of(play) === value),
    ...(args.from ? [(play: PlayRecord) => play.occurredAt >= args.from!] : []),
    ...(args.to ? [(play: PlayRecord) => play.occurredAt < args.to!] : []),
  ];
  const list = smallest ? store.playsOf[smallest.index](smallest.value) : store.playList;
  const filter = checks.length > 0 ? (play: PlayRecord) => checks.every((check) => check(play)) : undefined;
  return list.page(args, filter, { field: 'OCCURRED_AT', from: args.from, to: args.to });
}

/** Options of the podcasts domain. */
export interface PodcastsDomainOptions extends EpisodePlaysSources {
  /** The shows and released episodes podcast-catalog serves. @default an empty catalog */
  catalog?: PodcastCatalog;
}

/**
 * The podcasts domain: owns Podcast and Episode, serves podcast-catalog and
 * episode-plays, publishes every play on `podcasts.episode-plays.v1`.
 */
export function createPodcastsDomain(options: PodcastsDomainOptions = {}): DomainDefinition & { store: PodcastStore } {
  const store = new PodcastStore(options.catalog ?? { podcasts: [], episodes: [] });

  return {
    name: 'podcasts',
    description: 'Podcast shows, their episodes, and every play of them.',
    team: { name: 'Podcast Platform', email: 'podcasts-team@meshgraph.example' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    store,
    resolvers: {
      Query: {
        podcasts: (_: unknown, args: PodcastsArgs) =>
          store.podcastList.page(args, (p) =>
            (!args.category || p.category === args.category) &&
            (!args.country || p.country === args.country) &&
            (!args.language || p.language === args.language) &&
            (!args.hostId || p.hostArtistId === args.hostId),
          ),
        podcast: (_: unknown, { id }: { id: string }) => store.podcastById.get(id) ?? null,
        episodes: (_: unknown, args: EpisodesArgs) => {
          const filter = (e: EpisodeRecord) =>
            (!args.releasedFrom || e.occurredAt >= args.releasedFrom) && (!args.releasedTo || e.occurredAt < args.releasedTo);
          const released = { field: 'RELEASED_AT' as const, from: args.releasedFrom, to: args.releasedTo };
          return (args.podcastId ? store.episodesOf(args.podcastId) : store.episodeList).page(args, filter, released);
        },
        episode: (_: unknown, { id }: { id: string }) => store.episodeById.get(id) ?? null,
        plays: (_: unknown, args: PlayFilterArgs) => pagePlays(store, args),
      },
      Subscription: {
        episodePlayed: topicSubscriptionField<PlayRecord, { podcastId?: string | null; country?: string | null; after?: string | null }>({
          topic: PLAYS_TOPIC.name,
          decode: (record) => toPlay(decodePlay(record)),
          filter: (play, args) => (!args.podcastId || play.podcastId === args.podcastId) && (!args.country || play.country === args.country),
          payload: (play, cursor) => ({ cursor, play }),
        }),
      },
      Podcast: {
        host: (podcast: PodcastRecord) => ({ id: podcast.hostArtistId }),
        episodeCount: (podcast: PodcastRecord) => store.episodesByPodcast.get(podcast.id)?.length ?? 0,
        playCount: (podcast: PodcastRecord) => store.podcastPlayCount(podcast.id),
        episodes: (podcast: PodcastRecord, args: ListArgs<EpisodeOrderField>) => store.episodesOf(podcast.id).page(args),
      },
      Episode: {
        podcast: (episode: EpisodeRecord) => store.podcastById.get(episode.podcastId),
        playCount: (episode: EpisodeRecord) => store.episodePlayCount(episode.id),
        plays: (episode: EpisodeRecord, args: PlayFilterArgs) => pagePlays(store, { ...args, episodeId: episode.id }),
      },
      Play: {
        listener: (play: PlayRecord) => ({ id: play.listenerId }),
        episode: (play: PlayRecord) => store.episodeById.get(play.episodeId),
        completed: (play: PlayRecord) => play.secondsPlayed >= 0.9 * (store.episodeById.get(play.episodeId)?.durationSeconds ?? Infinity),
      },
    },
    entities: {
      Podcast: (keys) => {
        store.batchLoads.Podcast++;
        return keys.map((key) => store.podcastById.get(String(key['id'])) ?? null);
      },
      Episode: (keys) => {
        store.batchLoads.Episode++;
        return keys.map((key) => store.episodeById.get(String(key['id'])) ?? null);
      },
    },
    dataProducts: [podcastCatalog(store), episodePlays(store)],
    start: async (runtime) => {
      // The catalog first: consumers check plays against it, so it is in the log before new plays are.
      await publishCatalog(runtime, store);
      return feedEpisodePlays(runtime, store, options);
    },
  };
}
