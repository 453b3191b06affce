export { createPodcastsDomain } from './createPodcastsDomain.ts';
export type { PodcastsDomainOptions } from './createPodcastsDomain.ts';
export type { PlayFeed, EpisodePlaysSources } from './feedEpisodePlays.ts';
export { PodcastStore } from './podcastStore.ts';
export { publishCatalog } from './publishCatalog.ts';
export type { PodcastCatalog } from './podcastStore.ts';
export type { PodcastRecord } from './PodcastRecord.ts';
export type { EpisodeRecord } from './EpisodeRecord.ts';
export type { PlayRecord } from './PlayRecord.ts';
