import { ConfigError } from './ConfigError.ts';
import type { Env } from './env.ts';

const KEY_BYTES = 32;

/**
 * Reads `MESHGRAPH_ENCRYPTION_KEY`, the AES-256 key that encrypts classified
 * fields at rest: 32 bytes as 64 hex digits or as base64 (`openssl rand
 * -base64 32`). Unset or blank: no key. The error for a malformed key says
 * what came in length only, never the key.
 */
export function readEncryptionKey(env: Env): Buffer | undefined {
  const value = env['MESHGRAPH_ENCRYPTION_KEY']?.trim();
  if (!value) return undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value) || /^[A-Za-z0-9_-]{43}$/.test(value)) {
    const key = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new ConfigError(
    `MESHGRAPH_ENCRYPTION_KEY must be ${KEY_BYTES} bytes written as 64 hex digits or as base64 (44 characters, e.g. from "openssl rand -base64 32"), but it is ${value.length} characters that are neither.`,
  );
}
