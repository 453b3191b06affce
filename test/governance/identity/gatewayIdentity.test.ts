import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEMO_CONSUMERS } from '../../../demo/index.ts';
import { PLAYS_TOPIC } from '../../../schema/events/index.ts';
import type { Governance } from '../../../governance/Governance.ts';
import { createPseudonymiser } from '../../../governance/enforcement/index.ts';
import { claimsOf, createAuthenticator, createServiceCredential, issueToken, readTokenKeys, type TokenKeys } from '../../../governance/identity/index.ts';
import { loadMeshPolicy } from '../../../governance/policy/index.ts';
import { postGraphQL } from '../../support/http.ts';
import { useLeftovers } from '../../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../../support/plays.ts';
import { subscribe } from '../../support/subscriber.ts';
import { createTempDir } from '../../support/tempDir.ts';

const leftovers = useLeftovers('file');
const PUBLIC_QUERY = { query: '{ podcasts(first: 2) { edges { node { title } } } }' };

let mesh: TestMesh<'listeners' | 'podcasts' | 'artists'>;
let dataDir: string;
let keys: TokenKeys;
/** `Authorization: Bearer <token>` of a demo consumer. */
const bearer = async (id: string) => ({ authorization: `Bearer ${await issueToken(claimsOf(DEMO_CONSUMERS[id]!), keys.signing!, { ttlSeconds: 600 })}` });
/** The tokens nobody may pass with, each with the reason the log is to tell. */
let badTokens: { kind: string; authorization: string; reason: RegExp }[];

beforeAll(async () => {
  const dir = leftovers.track(await createTempDir());
  dataDir = dir.path;
  keys = await readTokenKeys({ MESHGRAPH_DATA_DIR: dataDir });
  const authenticator = createAuthenticator({ verify: keys.verify });
  // A plain Federation subgraph that tells what the gateway's fetches carry.
  const whoCalls = new ApolloServer<{ headers: Record<string, string | string[] | undefined> }>({
    schema: buildSubgraphSchema([{
      typeDefs: parse('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\ntype Query { whoCalls: Caller }\ntype Caller { onBehalfOf: String, credentialsOf: String }'),
      resolvers: {
        Query: {
          whoCalls: (_: unknown, __: unknown, { headers }: { headers: Record<string, string | string[] | undefined> }) => ({
            onBehalfOf: headers['x-meshgraph-consumer'] ?? null,
            credentialsOf: typeof headers.authorization === 'string' ? decodeJwt(headers.authorization.replace(/^Bearer /, '')).sub : null,
          }),
        },
        // buildSubgraphSchema's resolver type takes no context of ours.
      } as never,
    }]),
  });
  const { url: whoCallsUrl } = await startStandaloneServer(whoCalls, { listen: { port: 0, host: '127.0.0.1' }, context: async ({ req }) => ({ headers: req.headers }) });
  leftovers.track({ close: () => whoCalls.stop() });
  const governance: Governance = {
    policy: loadMeshPolicy(),
    authenticator,
    agreements: { granted: () => undefined, list: () => [], onChange: () => () => undefined },
    audit: { record: () => undefined },
    pseudonymise: createPseudonymiser('identity-test-pseudonym-key'),
  };
  mesh = leftovers.track(
    await startMesh({
      only: ['listeners', 'podcasts', 'artists'],
      data: SMALL_TEST_DATA,
      authenticator,
      extraSubgraphs: [{ name: 'whocalls', url: whoCallsUrl }],
      gateway: { supergraphPollMs: 0, healthProbeMs: 0, governance, credential: createServiceCredential({ signing: keys.signing! }) },
    }),
  );
  const now = Math.floor(Date.now() / 1000);
  const claims = claimsOf(DEMO_CONSUMERS['analyst']!);
  const sign = (key: CryptoKey | Parameters<SignJWT['sign']>[0], kid: string, times: { iss?: string; aud?: string; exp?: number }) =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'EdDSA', kid })
      .setIssuer(times.iss ?? 'meshgraph')
      .setAudience(times.aud ?? 'meshgraph')
      .setIssuedAt(now - 7_200)
      .setExpirationTime(times.exp ?? now + 600)
      .sign(key);
  const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  badTokens = [
    { kind: 'expired', authorization: `Bearer ${await sign(keys.signing!.key, keys.signing!.kid, { exp: now - 3_600 })}`, reason: /ERR_JWT_EXPIRED/ },
    { kind: 'wrong signature', authorization: `Bearer ${await sign(stranger.privateKey, keys.signing!.kid, {})}`, reason: /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/ },
    { kind: 'unknown key', authorization: `Bearer ${await sign(stranger.privateKey, 'not-a-mesh-key', {})}`, reason: /ERR_JWKS_NO_MATCHING_KEY/ },
    { kind: 'wrong audience', authorization: `Bearer ${await sign(keys.signing!.key, keys.signing!.kid, { aud: 'another-mesh' })}`, reason: /ERR_JWT_CLAIM_VALIDATION_FAILED.*aud/ },
    { kind: 'wrong issuer', authorization: `Bearer ${await sign(keys.signing!.key, keys.signing!.kid, { iss: 'someone' })}`, reason: /ERR_JWT_CLAIM_VALIDATION_FAILED.*iss/ },
    { kind: 'garbage', authorization: 'Bearer garbage.garbage.garbage', reason: /ERR_JWS_INVALID/ },
    { kind: 'unknown API key', authorization: 'ApiKey guessed', reason: /unknown API key/ },
  ];
}, 120_000);

describe('who calls the gateway', () => {
  it('bad credentials of every kind get 401 UNAUTHENTICATED, the reason only in the log, and the gateway goes on serving', async () => {
    for (const { kind, authorization, reason } of badTokens) {
      const logged = mesh.gatewayLog.length;
      const { status, headers, body } = await postGraphQL(mesh.gateway.url, PUBLIC_QUERY, { authorization });
      expect({ kind, status, code: body.errors?.[0]?.extensions?.['code'], challenge: headers.get('www-authenticate') }).toEqual({
        kind,
        status: 401,
        code: 'UNAUTHENTICATED',
        challenge: 'Bearer',
      });
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0]?.message).toMatch(/Authorization: Bearer <token>/);
      expect(JSON.stringify(body)).not.toMatch(reason);
      const warnings = mesh.gatewayLog.slice(logged).filter((line) => line.includes('credentials refused'));
      expect(warnings, kind).toHaveLength(1);
      expect(warnings[0], kind).toMatch(reason);
    }
    const next = await postGraphQL(mesh.gateway.url, PUBLIC_QUERY, await bearer('analyst'));
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data?.['podcasts'].edges).toHaveLength(2);
  });

  it('an anonymous caller still gets public data; a token names its consumer, and the domains answer the gateway on its behalf', async () => {
    const anonymous = await postGraphQL(mesh.gateway.url, PUBLIC_QUERY);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data?.['podcasts'].edges).toHaveLength(2);
    // Across three domains: each fetch carries the gateway's service token, or the domain would refuse it.
    const query = { query: '{ podcasts(first: 1) { edges { node { title host { name } episodes(first: 1) { edges { node { title } } } } } } }' };
    const { body } = await postGraphQL(mesh.gateway.url, query, await bearer('charts-web'));
    expect(body.errors).toBeUndefined();
    expect(body.data?.['podcasts'].edges[0].node.host.name).toEqual(expect.any(String));
  });

  it('calls the domains with its own token, never the caller’s, and tells them on whose behalf', async () => {
    const asAnalyst = await postGraphQL(mesh.gateway.url, { query: '{ whoCalls { onBehalfOf credentialsOf } }' }, await bearer('analyst'));
    expect(asAnalyst.body).toEqual({ data: { whoCalls: { onBehalfOf: 'analyst', credentialsOf: 'gateway' } } });
  });

  it('over WebSocket: bad credentials in connection_init close the connection with 4403; good ones subscribe through to the domain', async () => {
    for (const { kind, authorization, reason } of badTokens) {
      const refused = leftovers.track(subscribe(mesh.gateway.url, 'subscription { episodePlayed { cursor } }', { connectionParams: { authorization } }));
      expect(await refused.ended, kind).toMatchObject({ code: 4403 });
      expect(mesh.gatewayLog.filter((line) => line.includes('credentials refused') && line.includes('websocket') && reason.test(line)).length, kind).toBeGreaterThan(0);
    }
    // From the upgrade's header too, for clients that can set one.
    const upgrade = new WebSocket(mesh.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { authorization: badTokens[0]!.authorization } });
    upgrade.on('open', () => upgrade.send(JSON.stringify({ type: 'connection_init' })));
    const [code] = await new Promise<[number, string]>((resolve) => upgrade.on('close', (c, r) => resolve([c, r.toString()])));
    expect(code).toBe(4403);

    const play = createPlayer(mesh, 'identity-ws');
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const { authorization } = await bearer('analyst');
    const reader = leftovers.track(
      subscribe<{ episodePlayed: { play: { id: string; episode: { title: string } } } }>(
        mesh.gateway.url,
        'subscription($after: String) { episodePlayed(after: $after) { play { id episode { title } } } }',
        { variables: { after }, connectionParams: { authorization } },
      ),
    );
    const id = await play();
    const event = await reader.next();
    expect(event.errors).toBeUndefined();
    expect(event.data?.episodePlayed.play).toEqual({ id, episode: { title: expect.any(String) } });
  });
});

describe("a domain's own port", () => {
  const direct = '{ podcasts(first: 1) { edges { node { title } } } }';

  it('refuses a caller without credentials (401) and the analyst (403, naming who it answers); answers the gateway and its owner', async () => {
    const url = mesh.subgraphs.podcasts.url;
    const none = await postGraphQL(url, { query: direct });
    expect(none.status).toBe(401);
    expect(none.body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    expect(none.body.data).toBeUndefined();

    const analyst = await postGraphQL(url, { query: direct }, await bearer('analyst'));
    expect(analyst.status).toBe(403);
    expect(analyst.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/only the mesh's gateway .*mesh:gateway.*owners/) });

    const bad = await postGraphQL(url, { query: direct }, { authorization: badTokens[0]!.authorization });
    expect(bad.status).toBe(401);

    const gateway = await postGraphQL(url, { query: direct }, { authorization: await createServiceCredential({ signing: keys.signing! }).authorization() });
    expect(gateway.body.errors).toBeUndefined();
    expect(gateway.body.data?.['podcasts'].edges).toHaveLength(1);
    const owner = await postGraphQL(url, { query: direct }, await bearer('podcasts-owner'));
    expect(owner.body.data?.['podcasts'].edges).toHaveLength(1);
    const governance = await postGraphQL(url, { query: direct }, await bearer('governance'));
    expect(governance.body.data?.['podcasts'].edges).toHaveLength(1);
    // Another domain's owner is just another consumer here.
    expect((await postGraphQL(url, { query: direct }, await bearer('listeners-owner'))).status).toBe(403);
    // `_entities` is no way around it.
    const entities = await postGraphQL(url, { query: '{ _entities(representations: [{ __typename: "Podcast", id: "1" }]) { __typename } }' });
    expect(entities.status).toBe(401);
  });

  it('refuses a WebSocket without credentials or with the analyst’s; health and discovery stay open', async () => {
    const url = mesh.subgraphs.podcasts.url;
    const anonymous = leftovers.track(subscribe(url, 'subscription { episodePlayed { cursor } }'));
    expect(await anonymous.ended).toMatchObject({ code: 4403 });
    const analyst = leftovers.track(subscribe(url, 'subscription { episodePlayed { cursor } }', { connectionParams: await bearer('analyst') }));
    expect(await analyst.ended).toMatchObject({ code: 4403 });
    expect((await fetch(url.replace('/graphql', '/health'))).status).toBe(200);
    expect((await fetch(url.replace('/graphql', '/data-products'))).status).toBe(200);
  });
});

describe('meshgraph token', () => {
  /** Runs the command line from the sources, on the mesh's data folder (where its development key is). */
  const meshgraph = async (...args: string[]) => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/meshgraph.ts', ...args], { env: { ...process.env, MESHGRAPH_DATA_DIR: dataDir } });
    return run.then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  };

  it('prints, as its last line, a token of the demo consumer that the gateway accepts', async () => {
    const { code, stdout } = await meshgraph('token', 'analyst', '--ttl', '30m');
    expect(code).toBe(0);
    const token = stdout.trim().split('\n').at(-1)!;
    const { status, body } = await postGraphQL(mesh.gateway.url, PUBLIC_QUERY, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // The gateway's own authenticator agrees on who it is, and for how long.
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number; iat: number };
    expect(claims).toMatchObject({ sub: 'analyst', meshgraph_team: 'insights', meshgraph_regions: ['EU'] });
    expect(claims.exp - claims.iat).toBe(1_800);
  }, 60_000);

  it('names the known consumers when asked for an unknown one', async () => {
    const { code, stdout, stderr } = await meshgraph('token', 'analist');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/Unknown consumer "analist". Did you mean "analyst"\? The demo's consumers: analyst, charts-web, royalties-payout, listeners-owner/);
  }, 60_000);
});
