export { createPodcastsDomain } from './createPodcastsDomain.ts';
export type { PodcastsDomainOptions } from './createPodcastsDomain.ts';
export { PodcastStore } from './podcastStore.ts';
