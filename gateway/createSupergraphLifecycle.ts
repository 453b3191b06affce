import type { ServiceCredential } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import { composeMeshSupergraph } from './composeMeshSupergraph.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import { waitForSubgraphs, type SubgraphWaitOptions } from './waitForSubgraphs.ts';
import { watchSupergraph } from './watchSupergraph.ts';

export interface SupergraphLifecycleOptions {
  /** The subgraphs to compose (the catalog subgraph is added to them). */
  subgraphs: readonly SubgraphEndpoint[];
  /** Where the gateway serves its built-in catalog subgraph: its own GraphQL URL. */
  catalogUrl: () => string;
  /** Retry of subgraphs that are not up at start. @default that of `waitForSubgraphs` */
  backoff?: Omit<SubgraphWaitOptions, 'startupWaitMs' | 'logger' | 'signal'>;
  /** How long to wait at start for subgraphs that are not up before composing those that are. */
  startupWaitMs: number;
  /** Time between two looks at the subgraphs' SDL; 0 never looks. */
  pollMs: number;
  /** Stops the wait and the watch: the gateway closed. */
  signal: AbortSignal;
  logger: Logger;
  /** The gateway's credential to the subgraphs, sent when it asks for their SDL. @default none */
  credential?: ServiceCredential;
}

/** The supergraph composed at start, which `watch` keeps in step with its subgraphs. */
export interface ComposedSupergraph {
  readonly sdl: string;
  /** Calls `onChange` with each new supergraph the subgraphs compose into, until the signal aborts (never if `pollMs` is 0). */
  watch(onChange: (supergraphSdl: string) => void): void;
}

/** The gateway's supergraph, from the first composition to each change. */
export interface SupergraphLifecycle {
  /** The SDL of each subgraph in the supergraph in use (the catalog's aside); none before the first composition. */
  subgraphSdls(): readonly { name: string; sdl: string }[];
  /** Waits for the subgraphs (see `waitForSubgraphs`) and composes those that answered, with the catalog. */
  compose(): Promise<ComposedSupergraph>;
}

/**
 * Composes the subgraphs into the supergraph with Apollo Federation 2, with
 * the gateway's catalog subgraph, and recomposes when a subgraph's SDL
 * changes or a subgraph missing at start comes up.
 */
export function createSupergraphLifecycle(options: SupergraphLifecycleOptions): SupergraphLifecycle {
  const { subgraphs, catalogUrl, backoff, startupWaitMs, pollMs, signal, logger, credential } = options;
  let composedSdls: readonly { name: string; sdl: string }[] = [];

  const compose = (list: readonly (SubgraphEndpoint & { sdl: string })[]) => {
    const supergraphSdl = composeMeshSupergraph(list, catalogUrl());
    composedSdls = list.map(({ name, sdl }) => ({ name, sdl }));
    return supergraphSdl;
  };

  return {
    subgraphSdls: () => composedSdls,
    async compose() {
      const withSdl = await waitForSubgraphs(subgraphs, { ...backoff, startupWaitMs, logger, signal, credential });
      const sdl = compose(withSdl.filter((s): s is SubgraphEndpoint & { sdl: string } => s.sdl !== undefined));
      return {
        sdl,
        watch(onChange) {
          if (pollMs <= 0 || signal.aborted) return;
          const watcher = watchSupergraph({ subgraphs: withSdl, intervalMs: pollMs, compose, logger, credential, onChange: (supergraphSdl) => onChange(supergraphSdl) });
          signal.addEventListener('abort', () => watcher.stop(), { once: true });
        },
      };
    },
  };
}
