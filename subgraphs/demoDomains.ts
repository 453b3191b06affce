import type { DemoDataOptions } from '../demo/data/index.ts';
import type { SimulationRates } from '../config/index.ts';
import { createArtistsDomain } from './artists/index.ts';
import { createInsightsDomain } from './insights/index.ts';
import type { DomainDefinition } from './kit/index.ts';
import { createListenersDomain } from './listeners/index.ts';
import { createPodcastsDomain } from './podcasts/index.ts';

/** Options of a demo domain: the demo world, and how fast its simulated sources send. */
export type DemoDomainOptions = DemoDataOptions & Partial<SimulationRates>;

/** The demo mesh's domains, by name, each built from the demo world. */
export const DEMO_DOMAINS: Readonly<Record<string, (options: DemoDomainOptions) => DomainDefinition>> = {
  listeners: createListenersDomain,
  podcasts: createPodcastsDomain,
  artists: createArtistsDomain,
  insights: createInsightsDomain,
};
