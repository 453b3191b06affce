import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGateway } from '../../bin/runGateway.ts';
import { DEMO_CONSUMERS } from '../../demo/index.ts';
import { DEVELOPMENT_KEY_FILE } from '../../governance/identity/index.ts';
import { createTempDir } from '../support/tempDir.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { useLeftovers } from '../support/leftovers.ts';

/** POSTs a body to the demo token route; the status and JSON answer. */
async function askToken(base: string, body: string) {
  const response = await fetch(`${base}/auth/demo-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { token?: string; consumer?: string; expiresAt?: number; error?: string } };
}

const ME = '{ me { id kind team owns } }';

describe('demo sign-in on a governed mesh with the development key', () => {
  let mesh: GovernedMesh;
  let base: string;

  beforeAll(async () => {
    mesh = await startGovernedMesh({ data: SMALL_TEST_DATA });
    base = mesh.gateway.url.replace(/\/graphql$/, '');
  });
  afterAll(() => mesh?.close());

  it('lists every demo consumer with what it may do and who it is, and warns in the log that it is on', async () => {
    const { status, body } = await getJson<{ consumers: { id: string; description: string }[] }>(`${base}/auth/demo-consumers`);
    expect(status).toBe(200);
    expect(body.consumers.map((c) => c.id)).toEqual(Object.keys(DEMO_CONSUMERS));
    expect(body.consumers.find((c) => c.id === 'analyst')).toEqual({
      id: 'analyst',
      kind: 'person',
      team: 'insights',
      owns: [],
      scopes: [],
      regions: ['EU'],
      description: "A person in the insights team, EU; reads listeners' personal data only with an approved agreement.",
    });
    expect(body.consumers.find((c) => c.id === 'podcasts-owner')?.description).toBe('Owns the podcasts domain: reads all of its data and decides its access requests.');
    expect(mesh.gatewayLog.join('\n')).toContain('anyone who reaches the gateway may sign in as a demo consumer');
  });

  it("signs in as analyst: an 8-hour token the gateway's /graphql takes as analyst, where an anonymous caller is no one", async () => {
    const { status, headers, body } = await askToken(base, JSON.stringify({ consumer: 'analyst' }));
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.consumer).toBe('analyst');
    const claims = decodeJwt(body.token!);
    expect(body.expiresAt).toBe(claims.exp! * 1_000);
    expect(claims.exp! - claims.iat!).toBe(8 * 3_600);

    expect((await postGraphQL(mesh.gateway.url, { query: ME })).body.data).toEqual({ me: null });
    const signedIn = await postGraphQL(mesh.gateway.url, { query: ME }, { authorization: `Bearer ${body.token}` });
    expect(signedIn.body.data).toEqual({ me: { id: 'analyst', kind: 'person', team: 'insights', owns: [] } });
  });

  it('refuses a body that is not JSON naming a consumer (400), an unknown consumer naming the known ones (400), and other methods (405 with Allow)', async () => {
    const notJson = await askToken(base, 'analyst');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'The body must be JSON naming a demo consumer: { "consumer": "analyst" }. It is not JSON.' } });
    expect(await askToken(base, JSON.stringify({ id: 'analyst' }))).toMatchObject({ status: 400, body: { error: expect.stringContaining('It has no "consumer" string.') } });
    expect(await askToken(base, JSON.stringify([1]))).toMatchObject({ status: 400 });

    const unknown = await askToken(base, JSON.stringify({ consumer: 'analist' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe(`Unknown consumer "analist". Did you mean "analyst"? The demo consumers: ${Object.keys(DEMO_CONSUMERS).join(', ')}.`);

    const get = await fetch(`${base}/auth/demo-token`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const post = await fetch(`${base}/auth/demo-consumers`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  describe('as `meshgraph gateway` reads MESHGRAPH_DEMO_SIGN_IN', () => {
    const leftovers = useLeftovers();

    /** `meshgraph gateway` on a data folder of its own, polling a subgraph that never answers: its routes answer while it waits. */
    async function gatewayWith(env: Record<string, string>) {
      const dataDir = leftovers.track(await createTempDir()).path;
      const gateway = leftovers.track(
        await runGateway({ MESHGRAPH_DATA_DIR: dataDir, PORT: '0', MESHGRAPH_LOG_LEVEL: 'silent', MESHGRAPH_HEALTH_PROBE_MS: '0', MESHGRAPH_SUBGRAPHS: 'nowhere=http://127.0.0.1:9/graphql', ...env }),
      );
      return gateway.url.replace(/\/graphql$/, '');
    }

    it('off: both routes answer 404 saying to sign in with a token', async () => {
      const off = await gatewayWith({ MESHGRAPH_DEMO_SIGN_IN: 'off' });
      const listed = await getJson(`${off}/auth/demo-consumers`);
      expect(listed).toMatchObject({ status: 404, body: { error: expect.stringMatching(/^Demo sign-in is off on this gateway: sign in with a bearer token of this mesh/) } });
      expect(await askToken(off, JSON.stringify({ consumer: 'analyst' }))).toMatchObject({ status: 404, body: listed.body });
    });

    it("with MESHGRAPH_SIGNING_KEY_FILE it is off unless asked; on, its tokens are signed with that key (the mesh's here, so the mesh takes them)", async () => {
      const keyFile = { MESHGRAPH_SIGNING_KEY_FILE: join(mesh.dataDir, DEVELOPMENT_KEY_FILE) };
      expect((await getJson(`${await gatewayWith(keyFile)}/auth/demo-consumers`)).status).toBe(404);

      const staging = await gatewayWith({ ...keyFile, MESHGRAPH_DEMO_SIGN_IN: 'on' });
      const { status, body } = await askToken(staging, JSON.stringify({ consumer: 'podcasts-owner' }));
      expect(status).toBe(200);
      expect((await postGraphQL(mesh.gateway.url, { query: ME }, { authorization: `Bearer ${body.token}` })).body.data).toEqual({ me: { id: 'podcasts-owner', kind: 'person', team: 'podcasts', owns: ['podcasts'] } });
    });

    it('on without a key that signs, or any value but on and off, stops the gateway at start saying why', async () => {
      await expect(gatewayWith({ MESHGRAPH_DEMO_SIGN_IN: 'on', MESHGRAPH_JWKS_FILE: join(mesh.dataDir, 'jwks.json') })).rejects.toThrow(
        'MESHGRAPH_DEMO_SIGN_IN is "on", but the gateway has no key to sign demo tokens with: only a key set to verify with is given (MESHGRAPH_JWKS_URL or MESHGRAPH_JWKS_FILE). Set MESHGRAPH_SIGNING_KEY_FILE too, or MESHGRAPH_DEMO_SIGN_IN=off.',
      );
      await expect(gatewayWith({ MESHGRAPH_DEMO_SIGN_IN: 'yes' })).rejects.toThrow('MESHGRAPH_DEMO_SIGN_IN must be "on" or "off" (or unset: on only with the development key), but is "yes".');
    });
  });
});
