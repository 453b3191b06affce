import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublishCommand } from '../../bin/runPublishCommand.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { domainPublication, type Publication } from '../../registry/index.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL, type GraphQLBody } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { startServiceProcess, type ServiceProcess } from '../support/serviceProcess.ts';

const TOP_CHARTS = '{ topCharts(first: 1) { edges { node { rank } } } }';
const LISTENERS = '{ listeners(first: 1) { edges { node { id } } } }';

/**
 * The mesh's registry: the demo mesh serves from it (three domains
 * published), with a second gateway replica in a process of its own on the
 * same data folder; insights joins by publishing, with no restart.
 */
describe('publishing to the registry of a running mesh', () => {
  let mesh: GovernedMesh;
  let replica: ServiceProcess;
  let publicationOf: (name: 'listeners' | 'podcasts' | 'artists' | 'insights', version?: string) => Promise<Publication>;
  beforeAll(async () => {
    mesh = await startGovernedMesh({ data: SMALL_TEST_DATA, registry: { publish: ['listeners', 'podcasts', 'artists'] } });
    publicationOf = (name, version = '2') => domainPublication(mesh.domains[name], { url: mesh.subgraphs[name].url, version, policy: readMeshPolicy() });
    // No MESHGRAPH_SUBGRAPHS: `meshgraph gateway` serves from the registry on the data folder's event log.
    replica = await startServiceProcess('replica', ['gateway'], { MESHGRAPH_DATA_DIR: mesh.dataDir, MESHGRAPH_LOG_LEVEL: 'warn' });
  }, 120_000);
  afterAll(async () => {
    await replica?.close();
    await mesh?.close();
  });

  const publish = async (body: unknown, authorization?: string) => {
    const response = await fetch(new URL('/registry/subgraphs', mesh.gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const ask = async (url: string, query: string, token: string) => (await postGraphQL(url, { query }, { authorization: token })).body;
  /** Asks until `done` holds: the other replica serves what it read from the registry's topic. */
  const askUntil = async (url: string, query: string, token: string, done: (body: GraphQLBody) => boolean) => {
    for (;;) {
      const body = await ask(url, query, token);
      if (done(body)) return body;
    }
  };
  const answers = (field: string) => (body: GraphQLBody) => body.errors === undefined && body.data?.[field] !== undefined;

  it('a domain that publishes is served at once by every replica, with no restart', async () => {
    const [owner, analyst] = await Promise.all([mesh.token('insights-owner'), mesh.token('analyst')]);
    for (const url of [mesh.gateway.url, replica.url]) expect((await ask(url, TOP_CHARTS, analyst)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const published = await publish(await publicationOf('insights'), owner);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ published: true, reports: [{ subgraph: 'insights', passed: true }], subgraphs: [{ name: 'insights', version: '2', publishedBy: 'insights-owner' }] });

    // The replica that took the publication answers once it serves it; the other follows the topic.
    expect((await ask(mesh.gateway.url, TOP_CHARTS, analyst)).data?.topCharts.edges).toHaveLength(1);
    expect((await askUntil(replica.url, TOP_CHARTS, analyst, answers('topCharts'))).data?.topCharts.edges).toHaveLength(1);
    // The catalog and the health probe follow the new subgraph set too.
    const catalog = await ask(replica.url, '{ dataProducts(domain: "insights") { dataProduct { urn } } }', analyst);
    expect(catalog.errors, JSON.stringify(catalog.errors)).toBeUndefined();
    expect(catalog.data?.dataProducts.length).toBeGreaterThan(0);
    expect(mesh.gateway.subgraphStates()).toHaveProperty('insights');
    const listed = (await (await fetch(new URL('/registry/subgraphs', replica.url), { headers: { authorization: analyst } })).json()) as { subgraphs: { name: string }[] };
    expect(listed.subgraphs.map((s) => s.name)).toEqual(['artists', 'insights', 'listeners', 'podcasts']);
  }, 60_000);

  it('a publication that does not compose is refused with the reason, and the last good supergraph keeps serving', async () => {
    const [owner, analyst] = await Promise.all([mesh.token('listeners-owner'), mesh.token('analyst')]);
    const good = await publicationOf('listeners');
    // podcasts serves Query.podcasts already: a second, unshareable definition cannot compose.
    const clashing = { ...good, version: '3', sdl: `${good.sdl}\nextend type Query { podcasts: Int }` };
    const refused = await publish(clashing, owner);
    expect(refused.status).toBe(422);
    expect(refused.body.published).toBe(false);
    expect(refused.body.errors[0].extensions.code).toBe('PUBLICATION_REFUSED');
    const composition = refused.body.reports[0].problems.filter((p: { check: string; severity: string }) => p.check === 'composition' && p.severity === 'error');
    expect(composition[0]).toMatchObject({ otherSubgraph: 'podcasts' });
    expect(composition[0].message).toMatch(/podcasts/);

    for (const url of [mesh.gateway.url, replica.url]) expect((await ask(url, LISTENERS, analyst)).data?.listeners.edges).toHaveLength(1);
    expect(mesh.registry!.list().find((s) => s.name === 'listeners')?.version).toBe('1');
  }, 60_000);

  it('a domain may not publish another domain\'s subgraph, nor anyone without credentials', async () => {
    const listeners = await publicationOf('listeners');
    const byPodcasts = await publish(listeners, await mesh.token('podcasts-owner'));
    expect(byPodcasts.status).toBe(403);
    expect(byPodcasts.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(byPodcasts.body.errors[0].message).toContain('"podcasts-owner" may not publish subgraph "listeners"');
    const anonymous = await publish(listeners);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(mesh.registry!.list().find((s) => s.name === 'listeners')?.publishedBy).toBe('governance');
  }, 60_000);

  it('meshgraph publish builds the domain without running it, says what it publishes, publishes it and says how it went', async () => {
    const run = async (args: string[], token?: string) => {
      const output: string[] = [];
      const env = { MESHGRAPH_DATA_DIR: mesh.dataDir, MESHGRAPH_SEED: SMALL_TEST_DATA.seed, MESHGRAPH_SCALE: String(SMALL_TEST_DATA.scale), MESHGRAPH_GATEWAY_URL: mesh.gateway.url, ...(token ? { MESHGRAPH_TOKEN: token.replace('Bearer ', '') } : {}) };
      const code = await runPublishCommand(args, env, (text) => output.push(text), (text) => output.push(text));
      return { code, text: output.join('') };
    };
    const url = ['--url', mesh.subgraphs.insights.url];
    expect((await run(['insights'])).code).toBe(2);
    const refused = await run(['insights', ...url], await mesh.token('podcasts-owner'));
    expect(refused).toMatchObject({ code: 1, text: expect.stringContaining('"podcasts-owner" may not publish subgraph "insights"') });
    const published = await run(['insights', ...url, '--version', 'cli'], await mesh.token('insights-owner'));
    expect(published.text).toContain('urn:meshgraph:insights:top-charts:v1');
    // Its products and the size of its SDL, not the SDL itself, which would bury the report.
    expect(published.text).toMatch(/insights cli at .*: \d+ data product\(s\), SDL of \d+ lines/);
    expect(published.text).not.toMatch(/type Query/);
    expect(published.text).toContain(`Published insights cli to ${mesh.gateway.url}`);
    expect(published.code).toBe(0);
    expect(mesh.registry!.list().find((s) => s.name === 'insights')?.version).toBe('cli');
  }, 60_000);

  it('a replica started while every domain is down serves the whole mesh from the registry', async () => {
    await Promise.all((['listeners', 'podcasts', 'artists', 'insights'] as const).map((name) => mesh.stopSubgraph(name)));
    const restarted = await mesh.startReplica();
    const analyst = await mesh.token('analyst');
    const fields = await ask(restarted.gateway.url, '{ __schema { queryType { fields { name } } } }', analyst);
    expect(fields.data?.__schema.queryType.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['topCharts', 'listeners', 'podcasts', 'artists']));
    // Served, and down where a domain is: the subgraph is unavailable, the field known.
    const charts = await ask(restarted.gateway.url, TOP_CHARTS, analyst);
    expect(charts.errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_VALIDATION_FAILED');
    await restarted.close();
  }, 60_000);
});
