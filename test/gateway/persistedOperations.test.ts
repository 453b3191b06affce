import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConfigError } from '../../config/ConfigError.ts';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { documentHash } from '../../server/persistedOperations/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startGovernedMesh } from '../support/governedMesh.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { createPlayer, cursorAtEnd } from '../support/plays.ts';
import { createTempDir } from '../support/tempDir.ts';

const PLAYS = 'query Plays { plays(first: 2) { edges { node { id } } } }';
const UNLISTED = 'query Unlisted { plays(first: 1) { edges { node { id country } } } }';
const PLAYED = 'subscription Played($after: String) { episodePlayed(after: $after) { cursor } }';
const UNLISTED_PLAYED = 'subscription UnlistedPlayed($after: String) { episodePlayed(after: $after) { cursor play { id } } }';
const EMAILS = 'query Emails { listeners(first: 2) { edges { node { id email } } } }';

/** The app's build output: Apollo's persisted query manifest. */
const manifest = (...bodies: string[]) => ({
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: bodies.map((body) => ({ id: documentHash(body), name: /(query|subscription) (\w+)/.exec(body)![2], type: body.split(' ')[0], body })),
});

const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: documentHash(query) } });

/** POSTs any JSON body and reads the answer. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] } };
}

/** One operation over graphql-ws: its first result, or the errors that ended it. */
type Result = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
async function firstResult(client: Client, payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> }): Promise<Result> {
  const results = client.iterate(payload);
  try {
    return (await results.next()).value as Result;
  } catch (errors) {
    return { errors: errors as Result['errors'] };
  } finally {
    await results.return?.();
  }
}

describe('persisted operations: APQ and trusted documents', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners' | 'podcasts' | 'artists'>;
  let strict: Gateway;
  let manifestFile: string;
  const wsClient = (gateway: Gateway) => {
    const client = createClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    leftovers.track({ close: () => client.dispose() });
    return client;
  };

  beforeAll(async () => {
    const dir = leftovers.track(await createTempDir());
    manifestFile = join(dir.path, 'manifest.json');
    await writeFile(manifestFile, JSON.stringify(manifest(PLAYS, PLAYED, EMAILS)));
    mesh = leftovers.track(await startMesh({ data: SMALL_TEST_DATA, only: ['listeners', 'podcasts', 'artists'], gateway: { trustedDocuments: manifestFile } }));
    // The same subgraphs behind a gateway that runs nothing but the manifest.
    strict = leftovers.track(await createGateway({ subgraphs: Object.entries(mesh.subgraphs).map(([name, { url }]) => ({ name, url })), trustedDocuments: manifestFile, trustedDocumentsOnly: true, logger: captureLogger('strict') }));
    await strict.ready;
  });

  it('APQ: an unknown hash is not found; sent with its document it is answered, and from then on by hash alone, POST and GET', async () => {
    const query = 'query Apq { plays(first: 3) { edges { node { id } } } }';
    const notFound = await post(mesh.gateway.url, { extensions: persisted(query) });
    expect(notFound).toMatchObject({ status: 200, body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } });
    const registered = await post(mesh.gateway.url, { query, extensions: persisted(query) });
    expect(registered.body.data.plays.edges).toHaveLength(3);
    expect((await post(mesh.gateway.url, { extensions: persisted(query) })).body).toEqual(registered.body);
    const get = await fetch(`${mesh.gateway.url}?extensions=${encodeURIComponent(JSON.stringify(persisted(query)))}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual(registered.body);
  });

  it('APQ: a document whose hash is not the one sent is refused, and not kept', async () => {
    const sent = { query: 'query Other { plays(first: 1) { edges { node { id } } } }', extensions: persisted('query Stolen { plays(first: 9) { edges { node { id } } } }') };
    expect(await post(mesh.gateway.url, sent)).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }] } });
    expect((await post(mesh.gateway.url, { extensions: sent.extensions })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('APQ over WebSocket: a subscription registered with its document runs by hash alone', async () => {
    const client = wsClient(mesh.gateway);
    const play = createPlayer(mesh, 'apq-ws');
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const query = 'subscription ApqPlayed($after: String) { episodePlayed(after: $after) { cursor } }';
    expect(await firstResult(client, { query: '', extensions: persisted(query), variables: { after } })).toMatchObject({ errors: [{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });
    const registered = firstResult(client, { query, extensions: persisted(query), variables: { after } });
    const byHash = firstResult(client, { query: '', extensions: persisted(query), variables: { after } });
    await play();
    expect((await registered).data!.episodePlayed.cursor).toEqual(expect.any(String));
    expect(await byHash).toEqual(await registered);
  });

  it('a trusted document runs by its id, as `persistedQuery` or `documentId`; an unknown id is refused when only trusted documents run', async () => {
    for (const gateway of [mesh.gateway, strict]) {
      const byHash = await post(gateway.url, { extensions: persisted(PLAYS) });
      expect(byHash.body.data.plays.edges).toHaveLength(2);
      expect((await post(gateway.url, { documentId: `sha256:${documentHash(PLAYS)}` })).body).toEqual(byHash.body);
    }
    const unknown = await post(strict.url, { extensions: persisted(UNLISTED) });
    expect(unknown).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'OPERATION_NOT_TRUSTED' } }] } });
  });

  it('a full document not in the manifest is served, unless only trusted documents run; a trusted one in full is served by both', async () => {
    expect((await post(mesh.gateway.url, { query: UNLISTED })).body.data.plays.edges).toHaveLength(1);
    const refused = await post(strict.url, { query: UNLISTED });
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ extensions: { code: 'OPERATION_NOT_TRUSTED' } }] } });
    expect(refused.body.errors![0]!.message).toContain('Add the operation to the client\'s persisted query manifest (MESHGRAPH_TRUSTED_DOCUMENTS)');
    expect((await post(strict.url, { query: PLAYS })).body.data.plays.edges).toHaveLength(2);
  });

  it('over WebSocket, only trusted subscriptions run when only trusted documents run', async () => {
    const play = createPlayer(mesh, 'trusted-ws');
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    const strictClient = wsClient(strict);
    expect(await firstResult(strictClient, { query: UNLISTED_PLAYED, variables: { after } })).toMatchObject({ errors: [{ extensions: { code: 'OPERATION_NOT_TRUSTED' } }] });
    const trusted = firstResult(strictClient, { query: '', extensions: persisted(PLAYED), variables: { after } });
    const unlisted = firstResult(wsClient(mesh.gateway), { query: UNLISTED_PLAYED, variables: { after } });
    await play();
    expect((await trusted).data.episodePlayed.cursor).toEqual(expect.any(String));
    expect((await unlisted).data.episodePlayed.play.id).toEqual(expect.any(String));
  });

  it('a trusted document is no bypass: governance denies an anonymous caller, and masks what the analyst may not read', async () => {
    const governed = leftovers.track(await startGovernedMesh({ data: SMALL_TEST_DATA, only: ['listeners', 'podcasts', 'artists'] }));
    const gateway = leftovers.track(
      await createGateway({ subgraphs: Object.entries(governed.subgraphs).map(([name, { url }]) => ({ name, url })), governance: governed.governance, credential: governed.governance.credential, trustedDocuments: manifestFile, trustedDocumentsOnly: true, logger: captureLogger('governed') }),
    );
    await gateway.ready;
    const anonymous = await post(gateway.url, { extensions: persisted(EMAILS) });
    expect(anonymous.body).toMatchObject({ data: { listeners: null }, errors: [{ extensions: { code: 'FORBIDDEN', field: 'Query.listeners' } }] });
    const analyst = { authorization: await governed.token('analyst') };
    const masked = await post(gateway.url, { extensions: persisted(EMAILS) }, analyst);
    expect(masked.body.data.listeners.edges).toHaveLength(2);
    expect(JSON.stringify(masked.body.data)).not.toMatch(/@/);
    expect(masked.body).toEqual((await post(governed.gateway.url, { query: EMAILS }, analyst)).body);
  });
});

describe('trusted documents manifests at start', () => {
  const leftovers = useLeftovers('file');
  const startWith = async (contents: string | undefined, only = false) => {
    const dir = leftovers.track(await createTempDir());
    const file = join(dir.path, 'manifest.json');
    if (contents !== undefined) await writeFile(file, contents);
    return createGateway({ subgraphs: [], trustedDocuments: file, trustedDocumentsOnly: only, logger: captureLogger('bad-manifest') }).then(
      (gateway) => (leftovers.track(gateway), 'started'),
      (error: unknown) => error,
    );
  };

  it('a manifest that cannot be used stops the gateway with a ConfigError that names the file and what was expected', async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /manifest ".*manifest\.json" \(MESHGRAPH_TRUSTED_DOCUMENTS\) cannot be read/],
      ['{ not json', /is not JSON/],
      ['["query { a }"]', /holds an array\. Expected Apollo's persisted query manifest/],
      [JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] }), /has format "apollo-persisted-query-manifest", version 2\./],
      [JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: 'x' }] }), /operation 1 lacks a string "id" and "body"/],
      [JSON.stringify({ abc: 'query A { a }' }), new RegExp(`gives the document id "abc", but its SHA-256 is "${documentHash('query A { a }')}"`)],
      [JSON.stringify(manifest(PLAYS).operations.map((o) => ({ ...o, id: documentHash(UNLISTED) })).reduce((m, o) => ({ ...m, operations: [o] }), manifest())), /gives the document id/],
    ];
    for (const [contents, message] of cases) {
      const error = await startWith(contents);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
    }
    expect(await startWith(JSON.stringify({}), true)).toMatchObject({ message: expect.stringMatching(/holds none: every operation would be refused/) });
  });
});
