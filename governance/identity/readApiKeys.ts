import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError, type Env } from '../../config/index.ts';
import type { Consumer } from '../Consumer.ts';
import { AuthenticationError } from './AuthenticationError.ts';
import { consumerFromClaims } from './consumerClaims.ts';

/** API keys by their SHA-256 (hex), each with the consumer it names. */
export type ApiKeys = ReadonlyMap<string, Consumer>;

/** The SHA-256 (hex) of an API key: what the keys file holds instead of the key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The API keys of `MESHGRAPH_API_KEYS_FILE`, none when it is unset: a JSON
 * list of `{ "sha256": "<hex of the key>", "claims": { "sub": …, … } }`, the
 * claims as a token carries them. Keys are never stored in clear. A bad entry
 * stops start-up naming its index.
 */
export async function readApiKeys(env: Env): Promise<ApiKeys> {
  const file = env['MESHGRAPH_API_KEYS_FILE']?.trim();
  if (!file) return new Map();
  let entries: unknown;
  try {
    entries = JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ConfigError(`MESHGRAPH_API_KEYS_FILE names "${file}", which cannot be read as JSON: ${(error as Error).message}.`);
  }
  if (!Array.isArray(entries)) throw new ConfigError(`"${file}" (MESHGRAPH_API_KEYS_FILE) must be a JSON list of { "sha256", "claims" }.`);
  return new Map(
    entries.map((entry: unknown, index) => {
      const { sha256, claims } = (entry ?? {}) as { sha256?: unknown; claims?: unknown };
      if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
        throw new ConfigError(`"${file}" entry ${index}: "sha256" must be the SHA-256 of the key in lowercase hex (64 characters), never the key itself.`);
      }
      try {
        return [sha256, consumerFromClaims(claims)] as const;
      } catch (error) {
        throw new ConfigError(`"${file}" entry ${index}: ${error instanceof AuthenticationError ? error.reason : String(error)}.`);
      }
    }),
  );
}
