import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder of a test's own under the system's temporary folder. */
export interface TempDir {
  path: string;
  /** Removes the folder and everything in it. */
  close(): Promise<void>;
}

/**
 * Creates an empty temporary folder named `<prefix><random>`. Track it
 * (`leftovers.track(await createTempDir())`) so it is removed after the test,
 * even when the test fails.
 */
export async function createTempDir(prefix = 'meshgraph-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, close: () => rm(path, { recursive: true, force: true }) };
}
