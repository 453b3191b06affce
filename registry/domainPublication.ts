import type { MeshPolicy } from '../governance/policy/index.ts';
import { buildDomainSubgraph } from '../subgraphs/kit/buildDomainSubgraph.ts';
import type { DomainDefinition } from '../subgraphs/kit/index.ts';
import type { Publication } from './Publication.ts';

/** Options of `domainPublication`. */
export interface DomainPublicationOptions {
  /** Where the gateway will reach the domain's `/graphql`. */
  url: string;
  /** The version of this publication (a git commit, `1.4.0`). */
  version: string;
  /** The mesh policy the descriptors are validated against, and where it came from. */
  policy: { policy: MeshPolicy; source: string };
}

/**
 * What a domain publishes, built without serving it or opening its event
 * log: the SDL its subgraph answers to `{ _service { sdl } }` (classified
 * fields included) and its data products' validated descriptors. Throws the
 * kit's start-up errors, naming the file, product or field.
 */
export async function domainPublication(domain: DomainDefinition, { url, version, policy }: DomainPublicationOptions): Promise<Publication> {
  const { descriptors, sdl } = buildDomainSubgraph(domain, policy);
  return { name: domain.name, url, sdl: sdl(), descriptors, version };
}
