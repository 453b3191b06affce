import { link, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config/index.ts';
import { readFileIfExists } from '../storage/readFileIfExists.ts';
import type { DemoDataOptions } from './data/index.ts';

/**
 * Records which demo world (seed and scale) a data folder holds, and refuses
 * to mix worlds: a log written at one scale and read at another would link
 * plays to episodes that do not exist.
 */
export async function claimDemoWorld(dataDir: string, world: Required<DemoDataOptions>): Promise<void> {
  const file = join(dataDir, 'demo-world.json');
  let existing = await readClaim(file);
  if (!existing) {
    await mkdir(dataDir, { recursive: true });
    // Written aside, then linked into place: the claim appears whole or not at all, and only once,
    // so a domain starting at the same moment never reads half a file.
    const aside = `${file}.${process.pid}.tmp`;
    await writeFile(aside, JSON.stringify(world));
    try {
      await link(aside, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      existing = await readClaim(file);
    } finally {
      await rm(aside, { force: true });
    }
  }
  if (existing && (existing.seed !== world.seed || existing.scale !== world.scale)) {
    throw new ConfigError(
      `${dataDir} holds the demo world of seed "${existing.seed}" and scale ${existing.scale}, but MESHGRAPH_SEED is "${world.seed}" and MESHGRAPH_SCALE is ${world.scale}. ` +
        'Use another MESHGRAPH_DATA_DIR, or delete that folder to start afresh.',
    );
  }
}

async function readClaim(file: string): Promise<Required<DemoDataOptions> | undefined> {
  const text = await readFileIfExists(file);
  return text === undefined ? undefined : (JSON.parse(text) as Required<DemoDataOptions>);
}
