import type { BackoffOptions } from '../common/index.ts';
import { CATALOG_SUBGRAPH } from './catalog/index.ts';
import { createSupergraphLifecycle } from './createSupergraphLifecycle.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import type { SupergraphSource } from './SupergraphSource.ts';

/** Options of `createPollingSupergraphSource`. */
export interface PollingSupergraphSourceOptions {
  /** The subgraphs to compose: a fixed list (`MESHGRAPH_SUBGRAPHS`). */
  subgraphs: readonly SubgraphEndpoint[];
  /** Retry of subgraphs that are not up at start. @default { initialDelayMs: 200, maxDelayMs: 1_000 } */
  backoff?: BackoffOptions;
  /** How long to wait at start for subgraphs that are not up before composing those that are. @default 60_000 */
  startupWaitMs?: number;
  /** Time between two looks at the subgraphs' SDL, recomposing when one changed; 0 never looks. @default 5_000 */
  pollMs?: number;
}

/**
 * The supergraph of a fixed list of subgraphs, for local development: waits
 * for them at start, composes them with the catalog, and recomposes when one
 * changes its SDL or comes up late (see `createSupergraphLifecycle`).
 */
export function createPollingSupergraphSource({ subgraphs, backoff, startupWaitMs = 60_000, pollMs = 5_000 }: PollingSupergraphSourceOptions): SupergraphSource {
  if (subgraphs.length === 0) throw new TypeError('createGateway needs at least one subgraph to compose.');
  if (subgraphs.some((s) => s.name === CATALOG_SUBGRAPH)) {
    throw new TypeError(`"${CATALOG_SUBGRAPH}" is the name of the gateway's built-in catalog subgraph; give that subgraph another name.`);
  }
  return {
    subgraphs: () => subgraphs,
    async start({ catalogUrl, signal, logger, credential }) {
      const lifecycle = createSupergraphLifecycle({ subgraphs, catalogUrl: () => catalogUrl, backoff, startupWaitMs, pollMs, signal, logger, credential });
      const composed = await lifecycle.compose();
      // Every listed subgraph, those not up yet included: they are the mesh's, and join when they answer.
      return {
        supergraph: { sdl: composed.sdl, subgraphs, subgraphSdls: lifecycle.subgraphSdls() },
        watch: (onChange) => composed.watch((sdl) => onChange({ sdl, subgraphs, subgraphSdls: lifecycle.subgraphSdls() })),
      };
    },
  };
}
