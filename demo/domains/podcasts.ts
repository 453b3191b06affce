import { createPodcastsDomain, type PodcastStore } from '../../subgraphs/podcasts/index.ts';
import type { DomainContext, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { createRandom, demoClock, generateEpisodes, generatePlays, generatePodcasts } from '../data/index.ts';
import { simulateInto, simulatePlay } from '../simulator/index.ts';
import { readDemoDomainOptions, type DemoDomainOptions } from './readDemoDomainOptions.ts';

/**
 * The demo's podcasts domain: the demo world's shows and episodes as the
 * catalog, its plays as the history of episode-plays, and simulated player
 * apps sending plays at `playsPerSecond` (each a historical play re-stamped),
 * on the demo world's clock.
 */
export function createDemoPodcastsDomain(options: DemoDomainOptions = {}): DomainDefinition & { store: PodcastStore } {
  const { playsPerSecond = 0, ...data } = options;
  const domain = createPodcastsDomain({
    catalog: { podcasts: generatePodcasts(data), episodes: generateEpisodes(data) },
    history: () => generatePlays(data),
    source: ({ store, append, logger }) =>
      simulateInto({
        append,
        logger,
        ratePerSecond: playsPerSecond,
        random: createRandom(`${data.seed ?? 'meshgraph'}:simulation:${Date.now()}`),
        templates: store.plays,
        make: (random, templates, number) => simulatePlay(random, templates, (id) => store.episodeById.get(id)?.durationSeconds ?? 60, number),
        source: 'the player apps',
      }),
  });
  return { ...domain, now: demoClock };
}

/** `meshgraph subgraph podcasts`: the demo's podcasts, configured by the environment. */
export async function createDomain(context: DomainContext): Promise<DomainDefinition> {
  return createDemoPodcastsDomain(await readDemoDomainOptions(context));
}
