import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { ConfigError, DEFAULT_DATA_DIR, type Env } from '../../config/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';
import type { SigningKey } from './SigningKey.ts';

/** The keys of the mesh's tokens: what verifies them, and what signs those the mesh issues itself. */
export interface TokenKeys {
  /** Finds the public key that verifies a token, by its header's `kid` and `alg`. */
  readonly verify: JWTVerifyGetKey;
  /** The key this mesh signs with (its public half verifies too); none when a JWKS is given without `MESHGRAPH_SIGNING_KEY_FILE`. */
  readonly signing: SigningKey | undefined;
  /** Where they come from, for the log: a URL, a file, or the development key's file. */
  readonly source: string;
}

/** Where the development key lives under the data folder. */
export const DEVELOPMENT_KEY_FILE = join('governance', 'signing-key.json');

/** Members of a private JWK that its public half leaves out (RFC 7518 §6). */
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/**
 * The token keys the environment sets: `MESHGRAPH_JWKS_URL` (the company's
 * identity provider, fetched and cached) or `MESHGRAPH_JWKS_FILE` verify;
 * `MESHGRAPH_SIGNING_KEY_FILE` (a private JWK with `alg`) signs, and verifies
 * too. With none of them, the development key: an Ed25519 key created on
 * first use in `<MESHGRAPH_DATA_DIR or .data>/governance/signing-key.json`
 * (mode 0600), which every process of `npm start` shares through the data
 * folder. It is for the demo: anyone who can read the folder can sign tokens.
 */
export async function readTokenKeys(env: Env): Promise<TokenKeys> {
  const jwksUrl = env['MESHGRAPH_JWKS_URL']?.trim();
  const jwksFile = env['MESHGRAPH_JWKS_FILE']?.trim();
  const signingFile = env['MESHGRAPH_SIGNING_KEY_FILE']?.trim();
  if (jwksUrl && jwksFile) throw new ConfigError('Set MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE, not both: which key set verifies tokens?');
  if (!jwksUrl && !jwksFile && !signingFile) {
    const file = join(readDataDir(env), DEVELOPMENT_KEY_FILE);
    const jwk = await developmentKey(file);
    return { ...(await keysOf(jwk, file)), source: `development key ${file}` };
  }
  const signing = signingFile ? await keysOf(await readPrivateJwk(signingFile), signingFile) : undefined;
  if (!jwksUrl && !jwksFile) return { ...signing!, source: signingFile! };
  const keySet = jwksUrl ? createRemoteJWKSet(parseUrl(jwksUrl)) : createLocalJWKSet(await readJwks(jwksFile!));
  const verify: JWTVerifyGetKey = signing ? (header, token) => (header.kid === signing.signing.kid ? signing.verify(header, token) : keySet(header, token)) : keySet;
  return { verify, signing: signing?.signing, source: [jwksUrl ?? jwksFile, signingFile].filter(Boolean).join(' + ') };
}

/** `MESHGRAPH_DATA_DIR`, resolved as the embedded event log resolves it, else the project's `.data`. */
function readDataDir(env: Env): string {
  const dir = env['MESHGRAPH_DATA_DIR']?.trim();
  return dir ? resolve(dir) : DEFAULT_DATA_DIR;
}

/** The signing and verifying keys of one private JWK. */
async function keysOf(jwk: JWK & { alg: string; kid: string }, file: string): Promise<Omit<TokenKeys, 'source'> & { signing: SigningKey }> {
  try {
    const key = await importJWK(jwk, jwk.alg);
    const publicJwk = Object.fromEntries(Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.has(name))) as JWK;
    const verify = createLocalJWKSet({ keys: [publicJwk] });
    return { verify, signing: { key: key as SigningKey['key'], kid: jwk.kid, alg: jwk.alg } };
  } catch (error) {
    throw new ConfigError(`The signing key in "${file}" cannot be used (${error instanceof Error ? error.message : String(error)}): it must be a private JWK with "alg", e.g. an Ed25519 key with "alg": "EdDSA".`);
  }
}

/** The development key at `file`, created if there is none (by whichever process of the mesh comes first). */
async function developmentKey(file: string): Promise<JWK & { alg: string; kid: string }> {
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (existing !== undefined) return parsePrivateJwk(existing, file);
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  const jwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA', use: 'sig', kid };
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  try {
    await writeFileAtomic(file, `${JSON.stringify(jwk, null, 2)}\n`, { replace: false, mode: 0o600 });
  } catch (error) {
    // Another process of the mesh created it first: every process must sign and verify with the same key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parsePrivateJwk(await readFile(file, 'utf8'), file);
    throw error;
  }
  return jwk;
}

async function readPrivateJwk(file: string): Promise<JWK & { alg: string; kid: string }> {
  return parsePrivateJwk(await readConfigFile(file, 'MESHGRAPH_SIGNING_KEY_FILE'), file);
}

/** A private JWK with `alg`; its `kid` defaults to its thumbprint. */
async function parsePrivateJwk(text: string, file: string): Promise<JWK & { alg: string; kid: string }> {
  const jwk = parseJson(text, file) as JWK;
  if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string' || typeof jwk.alg !== 'string' || !('d' in jwk || 'k' in jwk)) {
    throw new ConfigError(`"${file}" must hold a private JWK with "kty", "alg" and its private part ("d"); it does not.`);
  }
  if (jwk.kty === 'oct') throw new ConfigError(`"${file}" holds a shared secret ("kty": "oct"); sign with an asymmetric key (Ed25519, EC or RSA), so that verifiers cannot sign.`);
  return { ...jwk, alg: jwk.alg, kid: jwk.kid ?? (await calculateJwkThumbprint(jwk)) };
}

async function readJwks(file: string): Promise<JSONWebKeySet> {
  const jwks = parseJson(await readConfigFile(file, 'MESHGRAPH_JWKS_FILE'), file) as JSONWebKeySet;
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) throw new ConfigError(`"${file}" (MESHGRAPH_JWKS_FILE) must be a JWK set: { "keys": [ … ] }.`);
  return jwks;
}

async function readConfigFile(file: string, variable: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${variable} names "${file}", which cannot be read: ${(error as Error).message}.`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`"${file}" is not valid JSON: ${(error as Error).message}.`);
  }
}

function parseUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new ConfigError(`MESHGRAPH_JWKS_URL must be a URL, such as "https://login.example.com/.well-known/jwks.json", but is "${text}".`);
  }
}
