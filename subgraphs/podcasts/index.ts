export { createPodcastsDomain } from './createPodcastsDomain.ts';
export type { PodcastStore } from './podcastStore.ts';
