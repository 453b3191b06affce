import { composeServices, type CompositionResult } from '@apollo/composition';
import { printSchema } from '@apollo/federation-internals';
import { parse, Source, type DocumentNode } from 'graphql';
import { CATALOG_SUBGRAPH, CATALOG_SUBGRAPH_SDL } from '../../gateway/catalog/index.ts';
import { CATALOG_ROUTING_URL } from '../../gateway/composeMeshSupergraph.ts';
import type { RegisteredSubgraph } from '../RegisteredSubgraph.ts';

/** A mesh composed as the gateway composes it, for the checks: Federation's result, and the subgraphs left out because their SDL does not parse. */
export interface MeshComposition {
  readonly result: CompositionResult;
  /** The names of the subgraphs composed (the catalog's included), in order. */
  readonly names: readonly string[];
  readonly unparsable: readonly { readonly name: string; readonly reason: string }[];
}

/** A subgraph's SDL parsed with its name as the source's, so composition errors' nodes say which subgraph they come from. */
const parseAs = (name: string, sdl: string): DocumentNode => parse(new Source(sdl, name));

/**
 * Composes `subgraphs` with the gateway's built-in catalog subgraph, as the
 * gateway does; a subgraph whose SDL does not parse is left out and named.
 */
export function composeWithMesh(subgraphs: readonly Pick<RegisteredSubgraph, 'name' | 'url' | 'sdl'>[]): MeshComposition {
  const services: { name: string; url: string; typeDefs: DocumentNode }[] = [];
  const unparsable: { name: string; reason: string }[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      services.push({ name, url, typeDefs: parseAs(name, sdl) });
    } catch (error) {
      unparsable.push({ name, reason: (error as Error).message });
    }
  }
  services.push({ name: CATALOG_SUBGRAPH, url: CATALOG_ROUTING_URL, typeDefs: parseAs(CATALOG_SUBGRAPH, CATALOG_SUBGRAPH_SDL) });
  return { result: composeServices(services), names: services.map((service) => service.name), unparsable };
}

/** What clients of a composed mesh see: its API schema as SDL (`@inaccessible` removed, `@deprecated` kept), or undefined when it did not compose. */
export function apiSchemaSdl({ result }: MeshComposition): string | undefined {
  return result.schema ? printSchema(result.schema.toAPISchema()) : undefined;
}
