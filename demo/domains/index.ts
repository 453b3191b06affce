export { createDemoListenersDomain } from './listeners.ts';
export { createDemoPodcastsDomain } from './podcasts.ts';
export { createDemoArtistsDomain } from './artists.ts';
export { createDemoInsightsDomain } from './insights.ts';
export { readDemoDomainOptions } from './readDemoDomainOptions.ts';
export type { DemoDomainOptions } from './readDemoDomainOptions.ts';
