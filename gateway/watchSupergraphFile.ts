import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { failureReason } from '../common/index.ts';
import { ConfigError } from '../config/index.ts';
import type { Logger } from '../logger/index.ts';
import { InvalidSupergraphError, readSupergraph } from './readSupergraph.ts';
import type { SourcedSupergraph, SupergraphRejection } from './SupergraphSource.ts';

/**
 * Reads a supergraph file (`meshgraph compose` writes one); throws a
 * `ConfigError` naming the file when it cannot be read or is not a valid
 * supergraph.
 */
export async function readSupergraphFile(path: string): Promise<SourcedSupergraph> {
  let sdl: string;
  try {
    sdl = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the supergraph file "${path}" (MESHGRAPH_SUPERGRAPH): ${failureReason(error)}. Write it with \`meshgraph compose --out ${path}\`.`);
  }
  try {
    return readSupergraph(sdl);
  } catch (error) {
    throw new ConfigError(`The supergraph file "${path}" (MESHGRAPH_SUPERGRAPH) cannot be served: ${failureReason(error)}. Write it with \`meshgraph compose --out ${path}\`.`);
  }
}

export interface SupergraphFileWatchOptions {
  /** The supergraph file to follow. */
  path: string;
  /** The content served now (read at start), so that only a change is handed over. */
  served: string;
  /** Time between two looks at the file's size and modification time, in case `fs.watch` misses a change (network file systems, some containers' mounts); 0 relies on `fs.watch` alone. @default 1_000 */
  pollMs?: number;
  /** Serves a new supergraph read from the file; throws when the gateway cannot serve it (it is then rejected). */
  onChange(supergraph: SourcedSupergraph): void;
  logger: Logger;
}

/** A running watch of a supergraph file. */
export interface SupergraphFileWatch {
  /** Why the file's current content is not served; none while it is. */
  rejected(): SupergraphRejection | undefined;
  stop(): void;
}

/**
 * Follows a supergraph file and hands over each new valid supergraph written
 * to it, as Apollo Router and Hive Gateway do: `fs.watch` on its folder (an
 * atomic write renames another file onto it, which a watch of the file
 * itself would miss), and a cheap `stat` every `pollMs` as a fallback. A
 * content that cannot be read, is not a supergraph or that the gateway
 * refuses is logged once and rejected: the gateway keeps serving the last
 * good one.
 */
export function watchSupergraphFile({ path, served, pollMs = 1_000, onChange, logger }: SupergraphFileWatchOptions): SupergraphFileWatch {
  const file = resolve(path);
  let current = served;
  // The content last looked at, served or rejected: none after a failed read, so that whatever comes next is looked at.
  let seen: string | undefined = served;
  let rejection: SupergraphRejection | undefined;
  let stopped = false;
  let looking: Promise<void> | undefined;
  let again = false;
  let lastStat = '';

  const reject = (content: string | undefined, problem: string) => {
    seen = content;
    const reason = `The supergraph file "${path}" ${problem}`;
    // Logged once per reason, not at every look.
    if (rejection?.reason === reason) return;
    rejection = { reason, at: new Date().toISOString() };
    logger.error('supergraph file rejected; keeping the current supergraph', { file: path, reason: problem });
  };

  const lookOnce = async () => {
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      return reject(undefined, `cannot be read: ${failureReason(error)}`);
    }
    if (stopped || content === seen) return;
    seen = content;
    if (content === current) {
      rejection = undefined;
      logger.info('supergraph file holds the supergraph served again', { file: path });
      return;
    }
    let supergraph: SourcedSupergraph;
    try {
      supergraph = readSupergraph(content);
      onChange(supergraph);
    } catch (error) {
      return reject(content, error instanceof InvalidSupergraphError ? `is ${error.message}` : `cannot be served: ${failureReason(error)}`);
    }
    current = content;
    rejection = undefined;
    logger.info('supergraph file changed; serving the new one', { file: path, subgraphs: supergraph.subgraphs.map((s) => s.name).join(',') });
  };

  // One look at a time; a change seen during a look makes one more.
  const look = () => {
    if (stopped) return;
    if (looking) {
      again = true;
      return;
    }
    looking = lookOnce()
      .catch((error: unknown) => logger.error('supergraph file look failed', { file: path, err: error }))
      .finally(() => {
        looking = undefined;
        if (again) {
          again = false;
          look();
        }
      });
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
      if (name === null || name === basename(file)) look();
    });
    watcher.on('error', (error) => logger.warn('cannot watch the supergraph file; polling it', { file: path, reason: failureReason(error) }));
  } catch (error) {
    logger.warn('cannot watch the supergraph file; polling it', { file: path, reason: failureReason(error) });
  }
  let timer: NodeJS.Timeout | undefined;
  const poll = async () => {
    const now = await stat(file).then(
      (s) => `${s.ino}:${s.size}:${s.mtimeMs}`,
      (error: unknown) => failureReason(error),
    );
    if (now !== lastStat) {
      lastStat = now;
      look();
    }
    if (!stopped && pollMs > 0) timer = setTimeout(poll, pollMs).unref();
  };
  // The first poll looks at once: a change between the read at start and the watch is not missed.
  void poll();

  return {
    rejected: () => rejection,
    stop() {
      stopped = true;
      watcher?.close();
      clearTimeout(timer);
    },
  };
}
