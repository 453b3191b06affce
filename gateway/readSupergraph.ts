import { Supergraph } from '@apollo/federation-internals';
import { failureReason } from '../common/index.ts';
import { CATALOG_SUBGRAPH } from './catalog/index.ts';
import type { SourcedSupergraph } from './SupergraphSource.ts';

/** A supergraph SDL that cannot be served: not GraphQL, or not a Federation 2 supergraph. */
export class InvalidSupergraphError extends Error {
  override name = 'InvalidSupergraphError';
}

/**
 * Reads a supergraph SDL (a `meshgraph compose` file, say) as Apollo's
 * planners will: it must parse and be a valid Federation 2 supergraph, else
 * `InvalidSupergraphError` says why. Its subgraphs are its `join__graph`
 * names and URLs, the catalog's aside, and their SDL as the supergraph holds
 * it. Which features it links is not judged
 * here; the gateway that loads it does (a governed gateway enforces the
 * authorization directives, a bare one refuses them).
 */
export function readSupergraph(sdl: string): SourcedSupergraph {
  let supergraph: Supergraph;
  try {
    supergraph = Supergraph.build(sdl, { supportedFeatures: null });
  } catch (error) {
    throw new InvalidSupergraphError(`not a Federation 2 supergraph: ${failureReason(error)}`);
  }
  const subgraphs = supergraph.subgraphsMetadata().filter((s) => s.name !== CATALOG_SUBGRAPH).map(({ name, url }) => ({ name, url }));
  const missing = subgraphs.find((s) => !URL.canParse(s.url));
  if (missing) throw new InvalidSupergraphError(`not routable: subgraph "${missing.name}" has no URL (join__graph url "${missing.url}")`);
  const subgraphSdls = [...supergraph.subgraphs()].filter((s) => s.name !== CATALOG_SUBGRAPH).map((s) => ({ name: s.name, sdl: s.toString() }));
  return { sdl, subgraphs, subgraphSdls };
}
