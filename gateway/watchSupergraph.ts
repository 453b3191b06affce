import type { ServiceCredential } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import { failureReason } from '../common/index.ts';
import { fetchSubgraphSdl } from './fetchSubgraphSdl.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

export interface SupergraphWatchOptions {
  /** Every subgraph of the mesh, with the SDL in use, or none for one that never answered yet. */
  subgraphs: readonly (SubgraphEndpoint & { sdl?: string })[];
  /** Time between two looks at the subgraphs' SDL. */
  intervalMs: number;
  /** Composes the subgraphs that answered into a supergraph (throws if they do not compose). */
  compose(subgraphs: readonly (SubgraphEndpoint & { sdl: string })[]): string;
  /** A new supergraph composed: `changed` names the subgraphs whose SDL changed or that joined. */
  onChange(supergraphSdl: string, changed: readonly string[]): void;
  logger: Logger;
  /** The gateway's credential to the subgraphs. @default none */
  credential?: ServiceCredential;
}

/**
 * Keeps the supergraph in step with its subgraphs: every `intervalMs` it asks
 * each one for its SDL and recomposes when one changed, or when one that was
 * not up at start answers for the first time. A subgraph that does not answer
 * keeps its last SDL (it is down, not gone); a change that does not compose
 * is logged and the gateway goes on with the graph it has.
 */
export function watchSupergraph({ subgraphs, intervalMs, compose, onChange, logger, credential }: SupergraphWatchOptions): { stop(): void } {
  const current = new Map(subgraphs.flatMap((s) => (s.sdl === undefined ? [] : [[s.name, s.sdl] as const])));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let rejected = '';

  const look = async () => {
    const seen = await Promise.all(
      subgraphs.map(async (subgraph) => {
        try {
          return { ...subgraph, sdl: await fetchSubgraphSdl(subgraph, credential) };
        } catch (error) {
          logger.debug('subgraph SDL unavailable; keeping the last one', { subgraph: subgraph.name, reason: failureReason(error) });
          return { ...subgraph, sdl: current.get(subgraph.name) };
        }
      }),
    );
    const known = seen.filter((s): s is SubgraphEndpoint & { sdl: string } => s.sdl !== undefined);
    const changed = known.filter((s) => s.sdl !== current.get(s.name)).map((s) => s.name);
    if (stopped || changed.length === 0) return;
    const fingerprint = known.map((s) => `${s.name}\n${s.sdl}`).join('\n');
    try {
      const supergraphSdl = compose(known);
      for (const s of known) current.set(s.name, s.sdl);
      rejected = '';
      logger.info('supergraph changed; serving the new one', { changed: changed.join(',') });
      onChange(supergraphSdl, changed);
    } catch (error) {
      // Logged once per distinct failing set of SDLs, not at every look.
      if (fingerprint === rejected) return;
      rejected = fingerprint;
      logger.error('subgraph change does not compose; keeping the current supergraph', { changed: changed.join(','), err: error });
    }
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void look().finally(() => {
        if (!stopped) schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
