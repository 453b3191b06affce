import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** The subgraphs do not compose; the message lists every composition error. */
export class CompositionError extends Error {
  override name = 'CompositionError';
  constructor(readonly errors: readonly string[]) {
    super(`The subgraphs do not compose into a supergraph:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}

/** Composes subgraph SDLs into a supergraph with Apollo Federation 2 composition. */
export function composeSupergraph(subgraphs: readonly (SubgraphEndpoint & { sdl: string })[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) throw new CompositionError(result.errors.map((error) => error.message));
  return result.supergraphSdl;
}
