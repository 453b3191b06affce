import type { Logger } from '../log/index.ts';
import { composeSupergraph } from './composeSupergraph.ts';
import { failureReason, fetchSubgraphSdl } from './fetchSubgraphSdl.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

export interface SupergraphWatchOptions {
  /** The subgraphs with the SDL of the supergraph in use. */
  subgraphs: readonly (SubgraphEndpoint & { sdl: string })[];
  /** Time between two looks at the subgraphs' SDL. */
  intervalMs: number;
  /** A new supergraph composed: `changed` names the subgraphs whose SDL changed. */
  onChange(supergraphSdl: string, changed: readonly string[]): void;
  logger: Logger;
}

/**
 * Keeps the supergraph in step with its subgraphs: every `intervalMs` it asks
 * each one for its SDL and recomposes when one changed. A subgraph that does
 * not answer keeps its last SDL (it is down, not gone); a change that does not
 * compose is logged and the gateway goes on with the graph it has.
 */
export function watchSupergraph({ subgraphs, intervalMs, onChange, logger }: SupergraphWatchOptions): { stop(): void } {
  const current = new Map(subgraphs.map((s) => [s.name, s.sdl]));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let rejected = '';

  const look = async () => {
    const seen = await Promise.all(
      subgraphs.map(async (subgraph) => {
        try {
          return { ...subgraph, sdl: await fetchSubgraphSdl(subgraph) };
        } catch (error) {
          logger.debug('subgraph SDL unavailable; keeping the last one', { subgraph: subgraph.name, reason: failureReason(error) });
          return { ...subgraph, sdl: current.get(subgraph.name)! };
        }
      }),
    );
    const changed = seen.filter((s) => s.sdl !== current.get(s.name)).map((s) => s.name);
    if (stopped || changed.length === 0) return;
    const fingerprint = seen.map((s) => s.sdl).join('\n');
    try {
      const supergraphSdl = composeSupergraph(seen);
      for (const s of seen) current.set(s.name, s.sdl);
      rejected = '';
      logger.info('supergraph changed; serving the new one', { changed: changed.join(',') });
      onChange(supergraphSdl, changed);
    } catch (error) {
      // Logged once per distinct failing set of SDLs, not at every look.
      if (fingerprint === rejected) return;
      rejected = fingerprint;
      logger.error('subgraph change does not compose; keeping the current supergraph', { changed: changed.join(','), error: error instanceof Error ? error.message : String(error) });
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
