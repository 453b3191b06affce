import type { SubgraphEndpoint } from './subgraphEndpoints.ts';
import type { SupergraphRejection, SupergraphSource } from './SupergraphSource.ts';
import { readSupergraphFile, watchSupergraphFile } from './watchSupergraphFile.ts';

/** Options of `createSupergraphFileSource`. */
export interface SupergraphFileSourceOptions {
  /** The supergraph file (`meshgraph compose` writes one; `MESHGRAPH_SUPERGRAPH`). */
  path: string;
  /** Time between two looks at the file's size and modification time, should `fs.watch` miss a change; 0 relies on `fs.watch` alone. @default 1_000 */
  pollMs?: number;
}

/** A supergraph file as a gateway's source, which tells why the file's content is not the one served. */
export interface SupergraphFileSource extends SupergraphSource {
  /** Why the file's current content is not served (unreadable, not a supergraph, refused); none while it is. */
  rejected(): SupergraphRejection | undefined;
}

/**
 * The supergraph of a file, for production without a registry (as Apollo
 * Router's and Hive Gateway's supergraph files): the gateway serves the file
 * as it is, with no subgraph polling, and the subgraphs it routes to are the
 * file's `join__graph` URLs. A new content is served as soon as it is written
 * (see `watchSupergraphFile`); one that cannot be served is logged, told by
 * `rejected()`, and the last good one keeps serving. A file that cannot be
 * served at start fails the start, naming the file.
 */
export function createSupergraphFileSource({ path, pollMs = 1_000 }: SupergraphFileSourceOptions): SupergraphFileSource {
  let rejected: () => SupergraphRejection | undefined = () => undefined;
  let subgraphs: readonly SubgraphEndpoint[] = [];
  return {
    subgraphs: () => subgraphs,
    rejected: () => rejected(),
    async start({ signal, logger }) {
      const supergraph = await readSupergraphFile(path);
      signal.throwIfAborted();
      subgraphs = supergraph.subgraphs;
      logger.info('serving the supergraph file', { file: path, subgraphs: subgraphs.map((s) => s.name).join(',') });
      return {
        supergraph,
        watch(onChange) {
          if (signal.aborted) return;
          const watch = watchSupergraphFile({
            path,
            served: supergraph.sdl,
            pollMs,
            logger,
            onChange(next) {
              onChange(next);
              subgraphs = next.subgraphs;
            },
          });
          rejected = watch.rejected;
          signal.addEventListener('abort', () => watch.stop(), { once: true });
        },
      };
    },
  };
}
