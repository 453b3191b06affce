import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, DEFAULT_DATA_DIR, type Env } from '../../config/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';

/** Where the development pseudonym key lives under the data folder. */
export const DEVELOPMENT_PSEUDONYM_KEY_FILE = join('governance', 'pseudonym-key');

/**
 * The key of pseudonyms: `MESHGRAPH_PSEUDONYM_KEY` (at least 16 characters;
 * every gateway replica needs the same), else a random key created on first
 * use in `<MESHGRAPH_DATA_DIR or .data>/governance/pseudonym-key` (mode 0600),
 * kept across restarts so pseudonyms stay the same.
 */
export async function readPseudonymKey(env: Env): Promise<string> {
  const given = env['MESHGRAPH_PSEUDONYM_KEY']?.trim();
  if (given !== undefined && given !== '') {
    if (given.length < 16) throw new ConfigError(`MESHGRAPH_PSEUDONYM_KEY must have at least 16 characters (a short key is guessed), but has ${given.length}.`);
    return given;
  }
  const dataDir = env['MESHGRAPH_DATA_DIR']?.trim();
  const file = join(dataDir ? resolve(dataDir) : DEFAULT_DATA_DIR, DEVELOPMENT_PSEUDONYM_KEY_FILE);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (existing?.trim()) return existing.trim();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64url');
  // Never replacing: another process of the mesh may have written its own first, and everyone keeps the one on disk.
  await writeFileAtomic(file, key, { replace: false, mode: 0o600 }).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : Promise.reject(error)));
  return (await readFile(file, 'utf8')).trim();
}
