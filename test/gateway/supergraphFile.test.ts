import { readFile, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runComposeCommand } from '../../bin/runComposeCommand.ts';
import { runGateway } from '../../bin/runGateway.ts';
import { composeMeshSupergraph, createGateway, type Gateway } from '../../gateway/index.ts';
import { createSupergraphFileSource } from '../../gateway/createSupergraphFileSource.ts';
import type { Authenticator } from '../../governance/Governance.ts';
import { DEVELOPMENT_KEY_FILE, readIdentity, type ServiceCredential } from '../../governance/identity/index.ts';
import { closeServer, createHttpServer, listen, sendJson } from '../../server/index.ts';
import { writeFileAtomic } from '../../storage/durableFiles.ts';
import { captureLogger, type CapturedLogger } from '../support/captureLogger.ts';
import { freePort } from '../support/freePort.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startSubgraphs } from '../support/mesh.ts';
import { createTempDir } from '../support/tempDir.ts';

const FEDERATION = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])';

describe('a supergraph file: meshgraph compose writes it, the gateway serves it and follows it', () => {
  const leftovers = useLeftovers('file');
  let env: Record<string, string>;
  let dir: string;
  let file: string;
  let notesUrl: string;
  let gateway: Gateway;
  let logger: CapturedLogger;
  let credential: ServiceCredential | undefined;

  /** Runs `meshgraph compose` in-process; its exit code and what it printed. */
  const compose = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runComposeCommand(args, { ...env, ...extraEnv }, (t) => out.push(t), (t) => err.push(t));
    return { code, out: out.join(''), err: err.join('') };
  };
  /**
   * Asks the gateway on a connection of its own: composing in this process
   * blocks it for seconds, past the server's keep-alive, so a pooled
   * connection may be closed under the next request.
   */
  const ask = (query: string) =>
    new Promise<unknown>((resolve, reject) => {
      const request = httpRequest(gateway.url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(JSON.parse(body)));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ query }));
    });
  const health = async () => (await getJson(gateway.url.replace('/graphql', '/health'))).body;

  beforeAll(async () => {
    // The domains answer only callers with the mesh's keys, as under `meshgraph start`: compose must ask with the gateway's credential.
    let authenticate: Authenticator['authenticate'] = () => Promise.reject(new Error('not ready'));
    const mesh = leftovers.track(await startSubgraphs({ data: SMALL_TEST_DATA, authenticator: { authenticate: (credentials) => authenticate(credentials) } }));
    const identity = await readIdentity({ MESHGRAPH_DATA_DIR: mesh.dataDir });
    authenticate = identity.authenticator.authenticate.bind(identity.authenticator);
    credential = identity.credential;
    dir = leftovers.track(await createTempDir()).path;
    file = join(dir, 'supergraph.graphql');
    env = { MESHGRAPH_DATA_DIR: mesh.dataDir, MESHGRAPH_SUBGRAPHS: Object.entries(mesh.subgraphs).map(([name, s]) => `${name}=${s.url}`).join(',') };

    // A fifth subgraph, whose SDL a config file gives: it answers `{ note }`.
    const notes = createHttpServer({ routes: [{ path: '/graphql', methods: { POST: (_request, response) => sendJson(response, 200, { data: { note: 'from the file' } }) } }], logger: captureLogger('notes') });
    notesUrl = `http://127.0.0.1:${await listen(notes, 0, '127.0.0.1')}/graphql`;
    leftovers.track({ close: () => closeServer(notes) });
    await writeFile(join(dir, 'notes.graphql'), `${FEDERATION} type Query { note: String }`);
    await writeFile(
      join(dir, 'supergraph.yaml'),
      `subgraphs:\n${Object.entries(mesh.subgraphs).map(([name, s]) => `  ${name}:\n    routing_url: ${s.url}\n`).join('')}  notes:\n    routing_url: ${notesUrl}\n    schema:\n      file: ./notes.graphql\n`,
    );
  });
  afterAll(async () => gateway?.close());

  it('compose writes the supergraph of the domains and the catalog, which a gateway serves, routing to its join__graph URLs', async () => {
    const composed = await compose(['--out', file]);
    expect(composed).toMatchObject({ code: 0, err: '' });
    for (const name of ['listeners', 'podcasts', 'artists', 'insights']) expect(composed.out).toContain(name);
    const sdl = await readFile(file, 'utf8');
    expect(sdl).toMatch(/enum join__Graph[\s\S]*LISTENERS[\s\S]*MESHGRAPH_CATALOG/);

    logger = captureLogger('gateway');
    gateway = await createGateway({ supergraph: createSupergraphFileSource({ path: file }), credential, logger });
    await gateway.ready;
    const { body } = await postGraphQL(gateway.url, { query: '{ topCharts(first: 1) { edges { node { episode { title podcast { host { name } } } } } } dataProducts { dataProduct { urn } } }' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.topCharts.edges[0].node.episode.podcast.host.name).toEqual(expect.any(String));
    // The catalog reads the discovery ports of the file's subgraphs.
    expect(body.data!.dataProducts.map((m: { dataProduct: { urn: string } }) => m.dataProduct.urn)).toContain('urn:meshgraph:listeners:listener-profiles:v1');
    expect(Object.keys((await health()).subgraphs).sort()).toEqual(['artists', 'insights', 'listeners', 'podcasts']);
  });

  it('a new supergraph written to the file is served without a restart: a new subgraph and its field', async () => {
    const changed = logger.waitForNextLine('supergraph file changed');
    expect(await compose(['--config', join(dir, 'supergraph.yaml'), '--out', file])).toMatchObject({ code: 0, err: '' });
    await changed;
    expect(await ask('{ note }')).toEqual({ data: { note: 'from the file' } });
    expect(Object.keys((await health()).subgraphs)).toContain('notes');
  });

  it('a file that is not a supergraph is logged and reported by /health, and the last good supergraph keeps serving', async () => {
    const good = await readFile(file, 'utf8');
    const rejected = logger.waitForNextLine('supergraph file rejected');
    await writeFileAtomic(file, 'type Query { half: String', { replace: true });
    expect(await rejected).toContain('Syntax Error');
    expect((await postGraphQL(gateway.url, { query: '{ note }' })).body).toEqual({ data: { note: 'from the file' } });
    expect(await health()).toMatchObject({ status: 'degraded', supergraph: { rejected: { reason: expect.stringContaining(`The supergraph file "${file}" is not a Federation 2 supergraph: Syntax Error`) } } });

    // A supergraph this (ungoverned) gateway refuses to serve: one that links @authenticated. Nothing of what serves changes.
    const refused = logger.waitForNextLine('supergraph file rejected');
    const secured = composeMeshSupergraph([{ name: 'notes', url: notesUrl, sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@authenticated"]) type Query { secret: String @authenticated }' }]);
    await writeFileAtomic(file, secured, { replace: true });
    await refused;
    expect(await ask('{ note }')).toEqual({ data: { note: 'from the file' } });
    expect((await health()).supergraph.rejected.reason).toMatch(/cannot be served: [\s\S]*authenticated[\s\S]* is for: SECURITY but is unsupported/);

    // The good file back: /health forgets the rejection.
    const back = logger.waitForNextLine('supergraph file holds the supergraph served again');
    await writeFileAtomic(file, good, { replace: true });
    await back;
    expect((await health()).supergraph).toBeUndefined();
  });

  it('compose refuses subgraphs that do not compose, or do not answer, with the reason and exit code 1, leaving the file as it was', async () => {
    const before = await readFile(file, 'utf8');
    await writeFile(join(dir, 'clash.graphql'), `${FEDERATION} type Query { note: Int }`);
    await writeFile(join(dir, 'clash.yaml'), `subgraphs:\n  notes:\n    routing_url: ${notesUrl}\n    schema:\n      file: ./notes.graphql\n  clash:\n    routing_url: ${notesUrl}\n    schema:\n      file: ./clash.graphql\n`);
    const clash = await compose(['--config', join(dir, 'clash.yaml'), '--out', file]);
    expect(clash.code).toBe(1);
    expect(clash.err).toContain('"notes", "clash" do not compose');
    expect(clash.err).toMatch(/Query\.note.*"Int".*"clash"|Query\.note.*"clash"/);

    const gone = `http://127.0.0.1:${await freePort()}/graphql`;
    const down = await compose(['--out', file], { MESHGRAPH_SUBGRAPHS: `gone=${gone}` });
    expect(down).toMatchObject({ code: 1, err: expect.stringContaining(`subgraph "gone" did not give its SDL at ${gone}: ECONNREFUSED`) });

    expect((await compose(['--out'])).code).toBe(2);
    expect((await compose(['--bogus'])).code).toBe(2);
    expect(await compose(['--config', join(dir, 'none.yaml'), '--out', file])).toMatchObject({ code: 2, err: expect.stringContaining(`Cannot read the composition config "${join(dir, 'none.yaml')}": ENOENT`) });
    await writeFile(join(dir, 'bad.yaml'), 'subgraphs:\n  notes:\n    schema: { file: ./notes.graphql }\n');
    expect(await compose(['--config', join(dir, 'bad.yaml'), '--out', file])).toMatchObject({ code: 2, err: expect.stringContaining('needs the `routing_url` of subgraph "notes"') });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('meshgraph gateway serves MESHGRAPH_SUPERGRAPH, governed, and a file it cannot serve at start stops it, named', async () => {
    // Its own data folder (event log, governance), the mesh's key: the domains take its credential.
    const own = { MESHGRAPH_DATA_DIR: leftovers.track(await createTempDir()).path, MESHGRAPH_SIGNING_KEY_FILE: join(env.MESHGRAPH_DATA_DIR!, DEVELOPMENT_KEY_FILE), PORT: '0', MESHGRAPH_LOG_LEVEL: 'silent' };
    const served = await runGateway({ ...own, MESHGRAPH_SUPERGRAPH: file });
    leftovers.track(served);
    await served.ready;
    const { body } = await getJson(served.url.replace('/graphql', '/health'));
    expect(body).toMatchObject({ status: 'ok' });
    expect(Object.keys(body.subgraphs)).toContain('notes');

    const missing = join(dir, 'missing.graphql');
    const refused = await runGateway({ ...own, MESHGRAPH_SUPERGRAPH: missing });
    leftovers.track(refused);
    await expect(refused.ready).rejects.toThrow(`Cannot read the supergraph file "${missing}" (MESHGRAPH_SUPERGRAPH): ENOENT`);
    await expect(runGateway({ ...own, MESHGRAPH_SUPERGRAPH: file, MESHGRAPH_SUBGRAPHS: env.MESHGRAPH_SUBGRAPHS! })).rejects.toThrow('not both');
  });
});
