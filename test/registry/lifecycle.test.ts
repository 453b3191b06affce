import { beforeAll, describe, expect, it } from 'vitest';
import { runGateway } from '../../bin/runGateway.ts';
import { createDemoInsightsDomain } from '../../demo/domains/index.ts';
import type { Gateway } from '../../gateway/index.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { domainPublication } from '../../registry/index.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL, type GraphQLBody } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';

const ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const LIFECYCLE = `query ($urn: ID!) {
  dataProduct(urn: $urn) {
    urn status figures { recordCount }
    lifecycle { status reason successor successorProduct { urn } sunset history { from to reason successor sunset by at } }
  }
}`;

/**
 * A data product's life, as its owner moves it through the gateway: two
 * `meshgraph gateway` replicas (in this process) serve the demo mesh from
 * the registry on one event log, so each sees the other's moves, and a
 * restarted one keeps them.
 */
describe('deprecating and retiring a data product', () => {
  const leftovers = useLeftovers('file');
  let mesh: GovernedMesh;
  let first: Gateway;
  let second: Gateway;
  let env: Record<string, string>;
  let token: (consumer: string) => Promise<string>;
  beforeAll(async () => {
    mesh = leftovers.track(await startGovernedMesh({ data: SMALL_TEST_DATA, registry: { publish: ['listeners', 'podcasts', 'artists', 'insights'] } }));
    env = { MESHGRAPH_DATA_DIR: mesh.dataDir, PORT: '0', MESHGRAPH_LOG_LEVEL: 'silent', MESHGRAPH_HEALTH_PROBE_MS: '0' };
    [first, second] = await Promise.all([runGateway(env), runGateway(env)]);
    leftovers.track(first);
    leftovers.track(second);
    await Promise.all([first.ready, second.ready]);
    token = (consumer) => mesh.token(consumer);
  }, 120_000);

  const move = async (gateway: Gateway, body: unknown, authorization?: string) => {
    const response = await fetch(new URL('/registry/lifecycle', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const product = async (gateway: Gateway, urn: string) => {
    const { body } = await postGraphQL(gateway.url, { query: LIFECYCLE, variables: { urn } }, { authorization: await token('analyst') });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!.dataProduct;
  };
  /** Asks until `done` holds: the other replica serves what it read from the lifecycle topic. */
  const productUntil = async (gateway: Gateway, urn: string, done: (product: any) => boolean) => {
    for (;;) {
      const found = await product(gateway, urn);
      if (found && done(found)) return found;
    }
  };
  const search = async (gateway: Gateway, filter: string): Promise<GraphQLBody> => (await postGraphQL(gateway.url, { query: `{ dataProducts(${filter}) { dataProduct { urn status } } }` }, { authorization: await token('analyst') })).body;

  it('its owner deprecates it with a reason, a sunset and a successor: both replicas\' catalogs show its status and history', async () => {
    const deprecation = { urn: ENGAGEMENT, to: 'deprecated', reason: 'Segments move to top-charts', successor: TOP_CHARTS, sunset: '2099-12-31' };
    expect((await product(first, ENGAGEMENT)).lifecycle).toEqual({ status: 'active', reason: null, successor: null, successorProduct: null, sunset: null, history: [] });

    const moved = await move(first, deprecation, await token('insights-owner'));
    expect(moved.status).toBe(200);
    expect(moved.body.lifecycle).toMatchObject({ urn: ENGAGEMENT, status: 'deprecated', reason: deprecation.reason, successor: TOP_CHARTS, sunset: '2099-12-31' });

    const change = { from: 'active', to: 'deprecated', reason: deprecation.reason, successor: TOP_CHARTS, sunset: '2099-12-31', by: 'insights-owner', at: moved.body.lifecycle.history[0].at };
    const expected = { status: 'deprecated', reason: deprecation.reason, successor: TOP_CHARTS, successorProduct: { urn: TOP_CHARTS }, sunset: '2099-12-31', history: [change] };
    // The replica that took the move answers once it holds it; the other follows the topic, without a restart.
    expect(await product(first, ENGAGEMENT)).toMatchObject({ status: 'deprecated', lifecycle: expected });
    expect(await productUntil(second, ENGAGEMENT, (p) => p.status === 'deprecated')).toMatchObject({ lifecycle: expected });
    expect((await search(second, 'status: deprecated')).data?.dataProducts).toEqual([{ dataProduct: { urn: ENGAGEMENT, status: 'deprecated' } }]);
    const listed = (await (await fetch(new URL(`/registry/lifecycle?urn=${ENGAGEMENT}`, second.url))).json()) as { lifecycles: unknown[] };
    expect(listed.lifecycles).toEqual([expect.objectContaining({ urn: ENGAGEMENT, status: 'deprecated' })]);
  }, 60_000);

  it('only its domain\'s owners or governance move it, and a move the rules refuse says what is allowed', async () => {
    const [insights, podcasts] = await Promise.all([token('insights-owner'), token('podcasts-owner')]);
    const refused = async (body: Record<string, unknown>, status: number, code: string, message: string, authorization: string | null = insights) => {
      const answer = await move(second, { urn: TOP_CHARTS, to: 'deprecated', reason: 'Charts move to v2', ...body }, authorization ?? undefined);
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.errors[0]).toMatchObject({ extensions: { code }, message: expect.stringContaining(message) });
    };
    await refused({}, 403, 'FORBIDDEN', `Only the owners of domain "insights" (or governance) move the status of ${TOP_CHARTS}; "podcasts-owner" is neither.`, podcasts);
    await refused({}, 401, 'UNAUTHENTICATED', 'send "Authorization: Bearer <token>"', null);
    await refused({ to: 'retired' }, 400, 'BAD_USER_INPUT', `${TOP_CHARTS} is active: deprecate it first`);
    await refused({ to: 'proposed' }, 400, 'BAD_USER_INPUT', 'a status moves forward only (proposed → active → deprecated → retired): it may go to deprecated, not to proposed');
    await refused({ urn: ENGAGEMENT, to: 'active' }, 400, 'BAD_USER_INPUT', `${ENGAGEMENT} is deprecated, and a status moves forward only`);
    await refused({ reason: '' }, 400, 'BAD_USER_INPUT', `A reason is required to move ${TOP_CHARTS} to deprecated`);
    await refused({ reason: undefined }, 400, 'BAD_USER_INPUT', '"reason" must be why, in a sentence its consumers read, but is null.');
    await refused({ successor: 'urn:meshgraph:insights:top-charts:v2' }, 400, 'BAD_USER_INPUT', '"successor" "urn:meshgraph:insights:top-charts:v2" is no data product the registry knows');
    await refused({ sunset: '2099-02-30' }, 400, 'BAD_USER_INPUT', '"sunset" must be a day written YYYY-MM-DD (e.g. 2027-03-31), but is "2099-02-30".');
    await refused({ to: 'sunset' }, 400, 'BAD_USER_INPUT', '"to" must be one of proposed, active, deprecated, retired, but is "sunset".');
    await refused({ urn: 'urn:meshgraph:insights:top-charts:v9' }, 404, 'UNKNOWN_DATA_PRODUCT', 'No data product the registry knows has URN "urn:meshgraph:insights:top-charts:v9"');
    expect((await product(first, TOP_CHARTS)).lifecycle.history).toEqual([]);
  }, 60_000);

  it('retired after its deprecation, it stays in the catalog, retired with its history, after its domain publishes without it', async () => {
    const retirement = { urn: ENGAGEMENT, to: 'retired', reason: 'Nobody reads it since top-charts has segments' };
    // The owner announced 2099-12-31: until then only governance retires it.
    const early = await move(first, retirement, await token('insights-owner'));
    expect(early).toMatchObject({ status: 400, body: { errors: [{ message: expect.stringContaining('announced to be served until its sunset, 2099-12-31') }] } });
    expect((await move(first, retirement, await token('governance'))).body.lifecycle).toMatchObject({ status: 'retired', successor: TOP_CHARTS });

    // insights ships a build without the product and publishes it.
    await mesh.stopSubgraph('insights');
    const built = createDemoInsightsDomain();
    const without = { ...built, dataProducts: built.dataProducts.filter((p) => p.name !== 'listener-engagement') };
    const server = leftovers.track(await createSubgraphServer({ domain: without, port: 0, logger: captureLogger('insights'), log: mesh.log, dataDir: mesh.dataDir, authenticator: mesh.governance.authenticator }));
    const publication = await domainPublication(without, { url: server.url, version: '2', policy: readMeshPolicy() });
    expect(publication.descriptors.map((d) => d.urn)).toEqual([TOP_CHARTS]);
    const published = await fetch(new URL('/registry/subgraphs', first.url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: await token('insights-owner') }, body: JSON.stringify(publication) });
    expect(published.status, JSON.stringify(await published.clone().json())).toBe(200);

    for (const gateway of [first, second]) {
      // Once the catalog reads the new build (top-charts has figures again), the retired product comes from its lifecycle alone.
      await productUntil(gateway, TOP_CHARTS, (p) => p.figures !== null);
      expect(await product(gateway, ENGAGEMENT)).toMatchObject({
        status: 'retired',
        figures: null,
        lifecycle: { status: 'retired', successor: TOP_CHARTS, history: [{ to: 'deprecated', by: 'insights-owner' }, { from: 'deprecated', to: 'retired', reason: retirement.reason, by: 'governance' }] },
      });
      expect((await search(gateway, 'domain: "insights"')).data?.dataProducts.map((m: { dataProduct: { urn: string; status: string } }) => m.dataProduct)).toEqual([
        { urn: ENGAGEMENT, status: 'retired' },
        { urn: TOP_CHARTS, status: 'active' },
      ]);
    }
  }, 60_000);

  it('a restarted gateway keeps every move', async () => {
    await second.close();
    leftovers.forget(second);
    second = leftovers.track(await runGateway(env));
    await second.ready;
    // At once: the gateway serves once its lifecycle book read the topic; no domain serves the retired product any more.
    expect(await product(second, ENGAGEMENT)).toMatchObject({ status: 'retired', lifecycle: { history: [{ from: 'active', to: 'deprecated', by: 'insights-owner' }, { from: 'deprecated', to: 'retired', by: 'governance' }] } });
  }, 60_000);
});
