import { createGroupedLists, createOrderedList, createRecordExpiry, removeFrom, type GroupedLists, type OrderArgs, type OrderedList } from '../kit/index.ts';
import type { EpisodeRecord } from './EpisodeRecord.ts';
import type { PlayRecord } from './PlayRecord.ts';
import type { PodcastRecord } from './PodcastRecord.ts';

export type PodcastOrderField = 'PLAY_COUNT' | 'EPISODE_COUNT' | 'LAUNCHED_AT' | 'TITLE';
export type EpisodeOrderField = 'RELEASED_AT' | 'PLAY_COUNT' | 'DURATION';
export type PlayOrderField = 'OCCURRED_AT' | 'SECONDS_PLAYED';

/** What plays are indexed by: each equality filter of the `plays` fields. */
export type PlayIndex = 'episode' | 'listener' | 'podcast' | 'host' | 'country' | 'device';

export const DEFAULT_EPISODE_ORDER: OrderArgs<EpisodeOrderField> = { field: 'RELEASED_AT', direction: 'DESC' };
export const DEFAULT_PLAY_ORDER: OrderArgs<PlayOrderField> = { field: 'OCCURRED_AT', direction: 'DESC' };

/** The shows and released episodes podcast-catalog serves. */
export interface PodcastCatalog {
  podcasts: readonly PodcastRecord[];
  episodes: readonly EpisodeRecord[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(keyOf(item));
    if (group) group.push(item);
    else groups.set(keyOf(item), [item]);
  }
  return groups;
}

/** A play's value in each index. */
const PLAY_INDEX_KEYS: Record<PlayIndex, (play: PlayRecord) => string> = {
  episode: (play) => play.episodeId,
  listener: (play) => play.listenerId,
  podcast: (play) => play.podcastId,
  host: (play) => play.hostArtistId,
  country: (play) => play.country,
  device: (play) => play.device,
};

const PLAY_INDEXES = Object.entries(PLAY_INDEX_KEYS) as [PlayIndex, (play: PlayRecord) => string][];

const PLAY_KEYS = {
  OCCURRED_AT: (p: PlayRecord) => [p.occurredAt, p.id],
  SECONDS_PLAYED: (p: PlayRecord) => [p.secondsPlayed, p.id],
};

/** The podcast-catalog and episode-plays data products' records, indexed for the domain's queries. */
export class PodcastStore {
  readonly podcasts: PodcastRecord[];
  readonly episodes: EpisodeRecord[];
  readonly plays: PlayRecord[] = [];
  readonly podcastById: Map<string, PodcastRecord>;
  readonly episodeById: Map<string, EpisodeRecord>;
  readonly episodesByPodcast: Map<string, EpisodeRecord[]>;
  readonly playIds = new Set<string>();
  /** Plays received since start, on the product's topic. */
  playsIn = 0;
  /** episode-plays' plays by when they happened, for the kit to expire those past the product's retention. */
  readonly playExpiry = createRecordExpiry<PlayRecord>({ timeOf: (play) => play.occurredAt, expire: (plays) => this.removePlays(plays) });
  /**
   * podcast-catalog's shows and episodes by when they last changed: an
   * episode when it was released, a show when it released its latest
   * episode (or launched), for the kit to expire those past the product's retention.
   */
  readonly catalogExpiry = createRecordExpiry<PodcastRecord | EpisodeRecord>({
    timeOf: (record) => ('podcastId' in record ? record.occurredAt : this.latestReleaseOf(record)),
    expire: (records) => this.removeFromCatalog(records),
  });
  /** `occurredAt` of the newest play (partitions interleave, so not always the last added). */
  latestPlayAt: string | undefined;
  private readonly playCounts = { episode: new Map<string, number>(), podcast: new Map<string, number>() };
  readonly podcastList: OrderedList<PodcastRecord, PodcastOrderField>;
  readonly episodeList: OrderedList<EpisodeRecord, EpisodeOrderField>;
  readonly playList = createOrderedList<PlayRecord, PlayOrderField>('plays', [], PLAY_KEYS, DEFAULT_PLAY_ORDER);
  /**
   * Plays of one episode, listener, podcast, host, country or device (each
   * filter of `plays` has its index), each sorted once on first use and kept
   * sorted as plays arrive, so a filtered page reads its page, not every play.
   */
  readonly playsOf: Record<PlayIndex, GroupedLists<PlayRecord, PlayOrderField>> = {
    episode: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
    listener: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
    podcast: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
    host: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
    country: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
    device: createGroupedLists('plays', new Map(), PLAY_KEYS, DEFAULT_PLAY_ORDER),
  };
  /** Episodes of one podcast. */
  readonly episodesOf: GroupedLists<EpisodeRecord, EpisodeOrderField>;
  /** Store calls made by entity loading, by type; tests count them. */
  readonly batchLoads = { Podcast: 0, Episode: 0 };

  /** Indexes the catalog; plays arrive through `addPlays`. */
  constructor(catalog: PodcastCatalog) {
    this.podcasts = [...catalog.podcasts];
    this.episodes = [...catalog.episodes];
    this.podcastById = new Map(this.podcasts.map((p) => [p.id, p]));
    this.episodeById = new Map(this.episodes.map((e) => [e.id, e]));
    this.episodesByPodcast = groupBy(this.episodes, (e) => e.podcastId);
    const episodeKeys = {
      RELEASED_AT: (e: EpisodeRecord) => [e.occurredAt, e.id],
      PLAY_COUNT: (e: EpisodeRecord) => [this.episodePlayCount(e.id), e.id],
      DURATION: (e: EpisodeRecord) => [e.durationSeconds, e.id],
    };
    this.podcastList = createOrderedList<PodcastRecord, PodcastOrderField>(
      'podcasts',
      this.podcasts,
      {
        PLAY_COUNT: (p) => [this.podcastPlayCount(p.id), p.id],
        EPISODE_COUNT: (p) => [this.episodesByPodcast.get(p.id)?.length ?? 0, p.id],
        LAUNCHED_AT: (p) => [p.occurredAt, p.id],
        TITLE: (p) => [p.title, p.id],
      },
      { field: 'PLAY_COUNT', direction: 'DESC' },
    );
    this.episodeList = createOrderedList('episodes', this.episodes, episodeKeys, DEFAULT_EPISODE_ORDER);
    this.episodesOf = createGroupedLists('episodes', this.episodesByPodcast, episodeKeys, DEFAULT_EPISODE_ORDER);
    this.catalogExpiry.track([...this.podcasts, ...this.episodes]);
  }

  /** When a show last changed: its latest episode's release, or its launch. */
  private latestReleaseOf(podcast: PodcastRecord): string {
    return this.episodesByPodcast.get(podcast.id)?.reduce((latest, episode) => (episode.occurredAt > latest ? episode.occurredAt : latest), podcast.occurredAt) ?? podcast.occurredAt;
  }

  /** Takes shows and episodes out of the catalog's lists, indexes and counts (past podcast-catalog's retention). */
  private removeFromCatalog(records: readonly (PodcastRecord | EpisodeRecord)[]): void {
    const gone = new Set(records);
    const episodes = records.filter((record): record is EpisodeRecord => 'podcastId' in record);
    for (const episode of episodes) this.episodeById.delete(episode.id);
    for (const record of records) if (!('podcastId' in record)) this.podcastById.delete(record.id);
    for (const podcastId of new Set(episodes.map((episode) => episode.podcastId))) {
      const left = this.episodesByPodcast.get(podcastId)?.filter((episode) => !gone.has(episode));
      if (left?.length) this.episodesByPodcast.set(podcastId, left);
      else this.episodesByPodcast.delete(podcastId);
    }
    removeFrom<PodcastRecord | EpisodeRecord>(this.podcasts, gone);
    removeFrom<PodcastRecord | EpisodeRecord>(this.episodes, gone);
    this.podcastList.removeAll(gone as ReadonlySet<PodcastRecord>);
    this.episodeList.removeAll(gone as ReadonlySet<EpisodeRecord>);
    this.episodesOf.removeAll(gone as ReadonlySet<EpisodeRecord>, (episode) => episode.podcastId);
    this.podcastList.invalidate();
  }

  /** Takes plays out of every list, index and count (plays past episode-plays' retention). */
  private removePlays(plays: readonly PlayRecord[]): void {
    const gone = new Set(plays.filter((play) => this.playIds.delete(play.id)));
    if (gone.size === 0) return;
    removeFrom(this.plays, gone);
    this.playList.removeAll(gone);
    for (const [index, keyOf] of PLAY_INDEXES) this.playsOf[index].removeAll(gone, keyOf);
    for (const play of gone) {
      this.playCounts.episode.set(play.episodeId, this.episodePlayCount(play.episodeId) - 1);
      this.playCounts.podcast.set(play.podcastId, this.podcastPlayCount(play.podcastId) - 1);
    }
    this.podcastList.invalidate();
    this.episodeList.invalidate();
    this.episodesOf.invalidateAll();
  }

  episodePlayCount(episodeId: string): number {
    return this.playCounts.episode.get(episodeId) ?? 0;
  }

  podcastPlayCount(podcastId: string): number {
    return this.playCounts.podcast.get(podcastId) ?? 0;
  }

  /** Adds plays (a play already known by id is skipped); orderings by play count are rebuilt on next use. */
  addPlays(plays: readonly PlayRecord[]): void {
    let added = 0;
    for (const play of plays) {
      if (this.playIds.has(play.id)) continue;
      this.playIds.add(play.id);
      this.plays.push(play);
      this.playsIn++;
      if (!this.latestPlayAt || play.occurredAt > this.latestPlayAt) this.latestPlayAt = play.occurredAt;
      this.playList.add(play);
      for (const [index, keyOf] of PLAY_INDEXES) this.playsOf[index].add(keyOf(play), play);
      this.playCounts.episode.set(play.episodeId, this.episodePlayCount(play.episodeId) + 1);
      this.playCounts.podcast.set(play.podcastId, this.podcastPlayCount(play.podcastId) + 1);
      added++;
      this.playExpiry.track([play]);
    }
    if (added > 0) {
      this.podcastList.invalidate();
      this.episodeList.invalidate();
      this.episodesOf.invalidateAll();
    }
  }
}
