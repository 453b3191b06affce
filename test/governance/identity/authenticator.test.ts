import { createServer } from 'node:http';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_CONSUMERS } from '../../../demo/index.ts';
import {
  AuthenticationError,
  claimsOf,
  createAuthenticator,
  createServiceCredential,
  DEVELOPMENT_KEY_FILE,
  hashApiKey,
  issueToken,
  readApiKeys,
  readTokenKeys,
  type SigningKey,
} from '../../../governance/identity/index.ts';
import { closeServer, listen } from '../../../server/index.ts';
import { useLeftovers } from '../../support/leftovers.ts';
import { createTempDir } from '../../support/tempDir.ts';

const leftovers = useLeftovers();
const analyst = DEMO_CONSUMERS['analyst']!;

/** The development keys of a fresh data folder, and an authenticator over them. */
async function developmentMesh(extraEnv: Record<string, string> = {}) {
  const dir = leftovers.track(await createTempDir());
  const env = { MESHGRAPH_DATA_DIR: dir.path, ...extraEnv };
  const keys = await readTokenKeys(env);
  const authenticator = createAuthenticator({ verify: keys.verify, apiKeys: await readApiKeys(env) });
  return { dir, env, keys, signing: keys.signing!, authenticator };
}

/** A token signed by `key` with claims and times of the test's choosing. */
async function craft(key: CryptoKey, header: { alg: string; kid?: string }, claims: object, times: { iss?: string; aud?: string; nbf?: number; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const { iss = 'meshgraph', aud = 'meshgraph', nbf = now - 1, exp = now + 60 } = times;
  return new SignJWT({ ...claims }).setProtectedHeader(header).setIssuer(iss).setAudience(aud).setNotBefore(nbf).setIssuedAt(now).setExpirationTime(exp).sign(key);
}

/** The reason an authenticator refused `credentials`; fails the test if it did not refuse. */
async function refusal(authenticate: (credentials: string) => Promise<unknown>, credentials: string): Promise<string> {
  const error = await authenticate(credentials).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  const { reason, message } = error as AuthenticationError;
  // What the caller sees says what to send, never what was wrong.
  expect(message).not.toContain(reason);
  return reason;
}

describe('tokens and API keys', () => {
  it('a token of the mesh names its consumer with every claim; no credentials is anonymous', async () => {
    const { authenticator, signing } = await developmentMesh();
    const token = await issueToken(claimsOf(analyst), signing, { ttlSeconds: 60 });
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual(analyst);
    expect(await authenticator.authenticate(undefined)).toBeUndefined();
    expect(await authenticator.authenticate('')).toBeUndefined();
    const owner = DEMO_CONSUMERS['listeners-owner']!;
    expect(await authenticator.authenticate(`Bearer ${await issueToken(claimsOf(owner), signing)}`)).toEqual(owner);
  });

  it('a token meshgraph token signed in another data folder is refused with a message naming MESHGRAPH_DATA_DIR', async () => {
    // The newcomer's mistake: the mesh runs with MESHGRAPH_DATA_DIR set, the token is issued in a shell without it.
    const mesh = await developmentMesh();
    const elsewhere = await developmentMesh();
    const token = await issueToken(claimsOf(analyst), elsewhere.signing);
    const error = await mesh.authenticator.authenticate(`Bearer ${token}`).catch((e: unknown) => e);
    expect((error as AuthenticationError).message).toContain("npx meshgraph token <consumer> prints one for the demo, run with the gateway's MESHGRAPH_DATA_DIR");
  });

  it('refuses every kind of bad token, each with its reason for the log', async () => {
    const { authenticator, signing } = await developmentMesh();
    const authenticate = (credentials: string) => authenticator.authenticate(credentials);
    const claims = claimsOf(analyst);
    const header = { alg: signing.alg, kid: signing.kid };
    const now = Math.floor(Date.now() / 1000);
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });

    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, claims, { nbf: now - 7_200, exp: now - 3_600 })}`)).toMatch(/exp/);
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, claims, { nbf: now + 3_600 })}`)).toMatch(/nbf/);
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, claims, { iss: 'someone-else' })}`)).toMatch(/iss/);
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, claims, { aud: 'another-mesh' })}`)).toMatch(/aud/);
    // Signed by another key that claims to be the mesh's: the signature does not verify.
    expect(await refusal(authenticate, `Bearer ${await craft(other.privateKey, header, claims)}`)).toMatch(/signature/i);
    // Signed by a key the mesh does not know.
    expect(await refusal(authenticate, `Bearer ${await craft(other.privateKey, { alg: 'EdDSA', kid: 'unknown-key' }, claims)}`)).toMatch(/no applicable key|JWKS/i);
    // Unsigned.
    const unsigned = new UnsecuredJWT({ ...claims }).setIssuer('meshgraph').setAudience('meshgraph').setExpirationTime('1h').encode();
    expect(await refusal(authenticate, `Bearer ${unsigned}`)).toMatch(/alg|not allowed|unsupported/i);
    // Garbage, and a token cut short.
    expect(await refusal(authenticate, 'Bearer not-a-token')).toMatch(/JWS|JWT|invalid/i);
    const good = await issueToken(claims, signing);
    expect(await refusal(authenticate, `Bearer ${good.slice(0, -5)}`)).toMatch(/signature|invalid/i);
    // Well signed, but not a consumer: no subject, or a claim of the wrong type.
    const { sub: _sub, ...withoutSubject } = claims;
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, withoutSubject)}`)).toMatch(/sub/);
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, { ...claims, meshgraph_owns: 'listeners' })}`)).toMatch(/meshgraph_owns/);
    expect(await refusal(authenticate, `Bearer ${await craft(signing.key, header, { ...claims, meshgraph_kind: 'robot' })}`)).toMatch(/meshgraph_kind/);
    // Not a scheme the mesh knows, and a value that is not "<scheme> <credentials>".
    expect(await refusal(authenticate, `Basic ${Buffer.from('a:b').toString('base64')}`)).toMatch(/scheme/);
    expect(await refusal(authenticate, 'Bearer')).toMatch(/scheme/);
    // The good token still works after all that.
    expect(await authenticator.authenticate(`Bearer ${good}`)).toEqual(analyst);
  });

  it('a token verified once is not verified again, but stops working when it expires', async () => {
    const { authenticator, signing } = await developmentMesh();
    const token = `Bearer ${await issueToken(claimsOf(analyst), signing, { ttlSeconds: 60 })}`;
    expect(await authenticator.authenticate(token)).toEqual(analyst);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await refusal((c) => authenticator.authenticate(c), token)).toMatch(/exp/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the gateway's token lasts five minutes and is renewed halfway", async () => {
    const { authenticator, signing } = await developmentMesh();
    const credential = createServiceCredential({ signing });
    const first = await credential.authorization();
    expect(await authenticator.authenticate(first)).toMatchObject({ id: 'gateway', kind: 'service', scopes: ['mesh:gateway'] });
    const { exp, iat } = JSON.parse(Buffer.from(first.split('.')[1]!, 'base64url').toString()) as { exp: number; iat: number };
    expect(exp - iat).toBe(300);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 140_000);
      expect(await credential.authorization()).toBe(first);
      vi.setSystemTime(Date.now() + 20_000);
      const renewed = await credential.authorization();
      expect(renewed).not.toBe(first);
      expect(await authenticator.authenticate(renewed)).toMatchObject({ id: 'gateway' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('an API key is looked up by its hash; the keys file never holds a key in clear', async () => {
    const dir = leftovers.track(await createTempDir());
    const file = join(dir.path, 'api-keys.json');
    await writeFile(file, JSON.stringify([{ sha256: hashApiKey('charts-web-secret'), claims: claimsOf(DEMO_CONSUMERS['charts-web']!) }]));
    const { authenticator } = await developmentMesh({ MESHGRAPH_API_KEYS_FILE: file });
    expect(await authenticator.authenticate('ApiKey charts-web-secret')).toEqual(DEMO_CONSUMERS['charts-web']);
    expect(await refusal((c) => authenticator.authenticate(c), 'ApiKey guessed-secret')).toBe('unknown API key');

    await writeFile(file, JSON.stringify([{ sha256: 'charts-web-secret', claims: { sub: 'charts-web' } }]));
    await expect(readApiKeys({ MESHGRAPH_API_KEYS_FILE: file })).rejects.toThrow(/entry 0: "sha256" must be the SHA-256/);
  });

  it('the development key is made once, private to its owner, and every process of the mesh reads the same', async () => {
    const dir = leftovers.track(await createTempDir());
    const env = { MESHGRAPH_DATA_DIR: dir.path };
    // As `npm start` does: five processes reach for the key at the same time.
    const all = await Promise.all(Array.from({ length: 5 }, () => readTokenKeys(env)));
    expect(new Set(all.map((keys) => keys.signing!.kid)).size).toBe(1);
    const file = join(dir.path, DEVELOPMENT_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // A token signed by one process verifies in another.
    const token = await issueToken(claimsOf(analyst), all[0]!.signing!);
    expect(await createAuthenticator({ verify: all[4]!.verify }).authenticate(`Bearer ${token}`)).toEqual(analyst);
  });

  it('a JWKS URL verifies the identity provider’s tokens, fetched once; a provider that does not answer fails the token, not the process', async () => {
    const provider = await generateKeyPair('ES256', { extractable: true });
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'idp-1', alg: 'ES256' }] });
    let fetched = 0;
    const server = createServer((_request, response) => {
      fetched++;
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    leftovers.track({ close: () => closeServer(server) });
    const port = await listen(server, 0, '127.0.0.1');
    const keys = await readTokenKeys({ MESHGRAPH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
    expect(keys.signing).toBeUndefined();
    const authenticator = createAuthenticator({ verify: keys.verify, cacheSize: 1 });
    for (const sub of ['alice', 'bob']) {
      const token = await craft(provider.privateKey, { alg: 'ES256', kid: 'idp-1' }, { sub });
      expect(await authenticator.authenticate(`Bearer ${token}`)).toMatchObject({ id: sub });
    }
    expect(fetched).toBe(1);

    const gone = await readTokenKeys({ MESHGRAPH_JWKS_URL: 'http://127.0.0.1:1/jwks.json' });
    const token = await craft(provider.privateKey, { alg: 'ES256', kid: 'idp-1' }, { sub: 'alice' });
    expect(await refusal((c) => createAuthenticator({ verify: gone.verify }).authenticate(c), `Bearer ${token}`)).toMatch(/ECONNREFUSED|fetch failed|JWKS/i);
  });

  it('a JWKS file verifies the identity provider’s tokens, and the signing key file the mesh’s own', async () => {
    const dir = leftovers.track(await createTempDir());
    const provider = await generateKeyPair('ES256', { extractable: true });
    await writeFile(join(dir.path, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(provider.publicKey)), kid: 'idp-1', alg: 'ES256' }] }));
    const mesh = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await writeFile(join(dir.path, 'signing.json'), JSON.stringify({ ...(await exportJWK(mesh.privateKey)), alg: 'EdDSA', kid: 'mesh-1' }));
    const keys = await readTokenKeys({ MESHGRAPH_JWKS_FILE: join(dir.path, 'jwks.json'), MESHGRAPH_SIGNING_KEY_FILE: join(dir.path, 'signing.json') });
    const authenticator = createAuthenticator({ verify: keys.verify });
    const fromProvider = await craft(provider.privateKey, { alg: 'ES256', kid: 'idp-1' }, { sub: 'alice@example.com', scope: 'read write' });
    expect(await authenticator.authenticate(`Bearer ${fromProvider}`)).toMatchObject({ id: 'alice@example.com', kind: 'person', scopes: ['read', 'write'] });
    const gateway = createServiceCredential({ signing: keys.signing as SigningKey });
    expect(await authenticator.authenticate(await gateway.authorization())).toMatchObject({ id: 'gateway', kind: 'service', scopes: ['mesh:gateway'] });
  });
});
