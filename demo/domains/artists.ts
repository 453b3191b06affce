import { createArtistsDomain, type ArtistStore } from '../../subgraphs/artists/index.ts';
import type { DomainContext, DomainDefinition } from '../../subgraphs/kit/index.ts';
import { demoClock, generateArtists } from '../data/index.ts';
import { readDemoDomainOptions, type DemoDomainOptions } from './readDemoDomainOptions.ts';

/** The demo's artists domain: the demo world's artists as artist-profiles; royalties come from the plays topic; on the demo world's clock. */
export function createDemoArtistsDomain(options: DemoDomainOptions = {}): DomainDefinition & { store: ArtistStore } {
  return { ...createArtistsDomain({ profiles: generateArtists(options) }), now: demoClock };
}

/** `meshgraph subgraph artists`: the demo's artists, configured by the environment. */
export async function createDomain(context: DomainContext): Promise<DomainDefinition> {
  return createDemoArtistsDomain(await readDemoDomainOptions(context));
}
