import { graphql } from 'graphql';
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
  const { schema, descriptors } = buildDomainSubgraph(domain, policy);
  const result = await graphql({ schema, source: '{ _service { sdl } }' });
  const sdl = (result.data as { _service?: { sdl?: unknown } } | null | undefined)?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`Domain "${domain.name}" answers no _service.sdl: ${result.errors?.map((e) => e.message).join('; ') ?? 'is it a Federation subgraph?'}`);
  return { name: domain.name, url, sdl, descriptors, version };
}
