import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoDataOptions } from '../demo/data/index.ts';
import { ConfigError } from './ConfigError.ts';

/**
 * Records which demo world (seed and scale) a data folder holds, and refuses
 * to mix worlds: a log written at one scale and read at another would link
 * plays to episodes that do not exist.
 */
export async function claimDemoWorld(dataDir: string, world: Required<DemoDataOptions>): Promise<void> {
  const file = join(dataDir, 'demo-world.json');
  let existing: Required<DemoDataOptions> | undefined;
  try {
    existing = JSON.parse(await readFile(file, 'utf8')) as Required<DemoDataOptions>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing && (existing.seed !== world.seed || existing.scale !== world.scale)) {
    throw new ConfigError(
      `${dataDir} holds the demo world of seed "${existing.seed}" and scale ${existing.scale}, but MESHGRAPH_SEED is "${world.seed}" and MESHGRAPH_SCALE is ${world.scale}. ` +
        'Use another MESHGRAPH_DATA_DIR, or delete that folder to start afresh.',
    );
  }
  if (!existing) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(world), { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      // Another domain process claimed it at the same moment; the next start checks it.
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
