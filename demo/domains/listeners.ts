import { createListenersDomain, type ListenerStore } from '../../subgraphs/listeners/index.ts';
import type { DomainContext, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { createRandom, demoClock, generateListeners } from '../data/index.ts';
import { simulateInto, simulateRegistration } from '../simulator/index.ts';
import { readDemoDomainOptions, type DemoDomainOptions } from './readDemoDomainOptions.ts';

/**
 * The demo's listeners domain: the demo world's listeners as the history of
 * listener-profiles, and a simulated account service sending sign-ups at
 * `registrationsPerSecond` (each shaped like a listener drawn from the store),
 * on the demo world's clock.
 */
export function createDemoListenersDomain(options: DemoDomainOptions = {}): DomainDefinition & { store: ListenerStore } {
  const { registrationsPerSecond = 0, ...data } = options;
  const domain = createListenersDomain({
    history: () => generateListeners(data),
    source: ({ store, append, logger }) =>
      simulateInto({
        append,
        logger,
        ratePerSecond: registrationsPerSecond,
        random: createRandom(`${data.seed ?? 'meshgraph'}:sign-ups:${Date.now()}`),
        templates: store.all,
        make: simulateRegistration,
        source: 'sign-ups',
      }),
  });
  return { ...domain, now: demoClock };
}

/** `meshgraph subgraph listeners`: the demo's listeners, configured by the environment. */
export async function createDomain(context: DomainContext): Promise<DomainDefinition> {
  return createDemoListenersDomain(await readDemoDomainOptions(context));
}
