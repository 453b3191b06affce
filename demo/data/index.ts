/**
 * The deterministic data generator of the demo mesh: a media streaming
 * service's artists, listeners, podcasts, episodes and plays, generated from a
 * seed. Each generator is independent; those that need other entities
 * generate them with the same options.
 */
export { generateArtists } from './artists.ts';
export { COUNTRY_CODES } from './countries.ts';
export { DEVICES } from './devices.ts';
export type { Device } from './devices.ts';
export { generateEpisodes } from './episodes.ts';
export { generateListeners } from './listeners.ts';
export { generatePlays } from './plays.ts';
export { generatePodcasts } from './podcasts.ts';
export { createRandom } from './random.ts';
export type { Random } from './random.ts';
export { demoSizes } from './sizes.ts';
export type { DemoDataOptions, DemoSizes } from './sizes.ts';
export { DEMO_EPOCH, demoClock } from './time.ts';
