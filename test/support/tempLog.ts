import { createEmbeddedLog, type EmbeddedLog } from '../../eventlog/embedded/index.ts';
import type { Logger } from '../../logger/index.ts';
import { captureLogger } from './captureLogger.ts';
import { createTempDir } from './tempDir.ts';

/** Options of a temporary event log. */
export interface TempLogOptions {
  /** Start of the temporary folder's name. @default 'meshgraph-test-' */
  prefix?: string;
  /** @default a captured logger of component 'log' */
  logger?: Logger;
}

/** An embedded event log in a temporary folder of its own. */
export interface TempLog {
  log: EmbeddedLog;
  /** The folder the log keeps its files in, for servers and processes that share the log. */
  dataDir: string;
  /** Closes the log, then removes its folder. */
  close(): Promise<void>;
}

/**
 * Opens an embedded event log in a new temporary folder. Track it
 * (`leftovers.track(await createTempLog())`) so the log is closed and the
 * folder removed after the test, even when the test fails.
 */
export async function createTempLog(options: TempLogOptions = {}): Promise<TempLog> {
  const { prefix, logger = captureLogger('log') } = options;
  const dir = await createTempDir(prefix);
  try {
    const log = await createEmbeddedLog({ dataDir: dir.path, logger });
    return {
      log,
      dataDir: dir.path,
      async close() {
        try {
          await log.close();
        } finally {
          await dir.close();
        }
      },
    };
  } catch (error) {
    await dir.close();
    throw error;
  }
}
