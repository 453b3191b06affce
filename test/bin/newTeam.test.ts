import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { runGateway } from '../../bin/runGateway.ts';
import { runInitCommand } from '../../bin/runInitCommand.ts';
import { runPublishCommand } from '../../bin/runPublishCommand.ts';
import { runTokenCommand } from '../../bin/runTokenCommand.ts';
import type { Gateway } from '../../gateway/index.ts';
import { postGraphQL, type GraphQLBody } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startServiceProcess, type ServiceProcess } from '../support/serviceProcess.ts';
import { createTempDir } from '../support/tempDir.ts';

/** A command's exit code and what it printed. */
interface Ran {
  code: number;
  out: string;
  err: string;
}

const run = async (command: (out: (text: string) => void, err: (text: string) => void) => number | Promise<number>): Promise<Ran> => {
  const ran = { out: '', err: '' };
  const code = await command((text) => void (ran.out += text), (text) => void (ran.err += text));
  return { code, ...ran };
};

/** The token `meshgraph token <consumer>` prints on its last line. */
const tokenOf = async (consumer: string, env: Record<string, string>) => {
  const { code, out, err } = await run((o, e) => runTokenCommand([consumer], env, o, e));
  expect(code, err).toBe(0);
  return out.trim().split('\n').at(-1)!;
};

const SHOP_PRICES = 'query ShopPrices { merchItems { id name price } }';

/**
 * Issue 12's "done when", as a new team lives it with the command line
 * alone: init, add a field, check, run, publish to a running mesh of two
 * gateway replicas, seen in the catalog and through the gateway with no
 * restart; then a client uses the field, and removing it is refused by
 * check and by publish, naming who would break.
 */
describe('a new team joins a running mesh, then is told who a change would break', () => {
  const leftovers = useLeftovers('file');
  let env: Record<string, string>;
  let folder: string;
  let gateway: Gateway;
  let replica: ServiceProcess;
  let merch: ServiceProcess;
  let teamToken: string;
  let analyst: string;
  const schemaFile = () => join(folder, 'schema.graphql');
  const indexFile = () => join(folder, 'index.ts');
  const edit = (file: string, from: string, to: string) => {
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
  };
  const ask = async (url: string, query: string) => (await postGraphQL(url, { query }, { authorization: `Bearer ${analyst}` })).body;
  /** Asks until `done` holds: a replica serves what it read from the registry's topic. */
  const askUntil = async (url: string, query: string, done: (body: GraphQLBody) => boolean) => {
    for (;;) {
      const body = await ask(url, query);
      if (done(body)) return body;
    }
  };

  beforeAll(async () => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-new-team-data-')).path;
    env = { MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_LOG_LEVEL: 'warn' };
    // The running mesh: a registry-backed gateway here, and a second replica in a process of its own on the same log.
    gateway = leftovers.track(await runGateway({ ...env, PORT: '0' }));
    const root = leftovers.track(await createTempDir('meshgraph-new-team-')).path;
    const init = await run((o, e) => runInitCommand(['merch'], root, o, e));
    expect(init.code, init.err).toBe(0);
    folder = join(root, 'merch');
    teamToken = await tokenOf('merch', env);
    analyst = await tokenOf('analyst', env);
  }, 120_000);
  afterAll(async () => {
    await merch?.close();
    await replica?.close();
  });

  const team = () => ({ ...env, MESHGRAPH_TOKEN: teamToken });
  const check = (...args: string[]) => run((o, e) => runCheckCommand([folder, '--gateway', gateway.url, ...args], team(), o, e, false));
  const publish = (gatewayUrl: string) => run((o, e) => runPublishCommand([folder, '--url', merch.url, '--gateway', gatewayUrl], team(), o, e));

  it('adds a field, checks, runs and publishes merch: both replicas serve it and the catalog lists it, with no restart', async () => {
    edit(schemaFile(), '  name: String!\n', '  name: String!\n  "Its price, in euros."\n  price: Float\n');
    edit(indexFile(), '      Subscription: { merchItemAdded },\n', '      Subscription: { merchItemAdded },\n      MerchItem: { price: () => 25 },\n');
    const checked = await check();
    expect(checked.code, checked.out + checked.err).toBe(0);
    expect(checked.out).toContain('✓ merch passes');

    merch = await startServiceProcess('merch', ['subgraph', folder], { ...env, PORT: '0' });
    // The replica waits for the registry's first publication: it serves once merch publishes.
    const replicaStarting = startServiceProcess('replica', ['gateway'], { ...env, PORT: '0' });
    const published = await publish(gateway.url);
    expect(published.code, published.out + published.err).toBe(0);
    expect(published.out).toContain('Published merch dev');
    // The data products and the verdict, not the 150 lines of SDL that buried it.
    expect(published.out).toContain('#   urn:meshgraph:merch:merch-items:v1');
    expect(published.out).not.toContain('directive @key');
    replica = await replicaStarting;

    expect(await ask(gateway.url, SHOP_PRICES)).toEqual({ data: { merchItems: [{ id: 'merch-1', name: 'The first MerchItem', price: 25 }] } });
    const served = await askUntil(replica.url, '{ merchItems { id } }', (body) => body.data?.['merchItems'] !== undefined);
    expect(served.errors).toBeUndefined();
    const catalog = await ask(gateway.url, '{ dataProducts(domain: "merch") { dataProduct { urn } } }');
    expect(catalog).toEqual({ data: { dataProducts: [{ dataProduct: { urn: 'urn:meshgraph:merch:merch-items:v1' } }] } });
  }, 120_000);

  it('removing the field a client used is refused by check and by publish, naming the consumer, the operation and the last use', async () => {
    edit(schemaFile(), '  "Its price, in euros."\n  price: Float\n', '');
    edit(indexFile(), '      MerchItem: { price: () => 25 },\n', '');

    // The usage route adds what this replica counted to the log before it answers: no waiting for a flush.
    const json = await check('--json');
    expect(json.code, json.err).toBe(1);
    const problem = JSON.parse(json.out).problems.find((p: { check: string }) => p.check === 'breaking-change');
    expect(problem).toMatchObject({ severity: 'error', coordinate: 'MerchItem.price', usedBy: [{ consumer: 'analyst', operations: ['ShopPrices'], count: 1, lastSeenAt: expect.any(String) }] });
    const lastUse = problem.usedBy[0].lastSeenAt as string;
    expect(Date.now() - Date.parse(lastUse)).toBeLessThan(120_000);

    const readable = await check();
    expect(readable.code).toBe(1);
    const sentence = `"MerchItem.price" is removed, but 1 consumer used it in the last 30 days: analyst (operation ShopPrices; 1 use, last ${lastUse}).`;
    expect(readable.out).toContain(sentence);
    expect(readable.out).toContain('✗ merch does not pass');

    // The other replica weighs the publication against the use the first one recorded.
    const refused = await publish(replica.url);
    expect(refused.code, refused.err).toBe(1);
    expect(refused.out).toContain(`[breaking-change MerchItem.price] ${sentence}`);
    expect(refused.out).toContain('Not published: merch does not pass its checks');

    for (const url of [gateway.url, replica.url]) expect((await ask(url, SHOP_PRICES)).data).toEqual({ merchItems: [{ id: 'merch-1', name: 'The first MerchItem', price: 25 }] });
  }, 120_000);

  it('the use of a subgraph is for who may publish it; without credentials check warns that use was not checked', async () => {
    const usage = async (query: string, token?: string) => {
      const response = await fetch(new URL(`/registry/usage${query}`, gateway.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: response.status, body: (await response.json()) as any };
    };
    expect(await usage('?subgraph=merch')).toMatchObject({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
    expect(await usage('?subgraph=merch', analyst)).toMatchObject({ status: 403, body: { errors: [{ message: expect.stringContaining('who may publish it may') }] } });
    expect(await usage('', teamToken)).toMatchObject({ status: 400 });
    expect(await usage('?subgraph=podcasts', await tokenOf('governance', env))).toMatchObject({ status: 404 });
    const { status, body } = await usage('?subgraph=merch', teamToken);
    expect(status).toBe(200);
    expect(body).toMatchObject({ subgraph: 'merch', windowDays: 30 });
    // The catalog's fields the analyst asked for are not merch's to read.
    expect(new Set(body.uses.map((use: { coordinate: string }) => use.coordinate))).toEqual(new Set(['Query.merchItems', 'MerchItem.id', 'MerchItem.name', 'MerchItem.price']));

    const unchecked = await run((o, e) => runCheckCommand([folder, '--json', '--gateway', gateway.url], env, o, e));
    expect(JSON.parse(unchecked.out).problems).toContainEqual(
      expect.objectContaining({ check: 'breaking-change', severity: 'warning', message: expect.stringContaining('Changes were not checked against the use consumers made of "merch": reading it needs the domain\'s credentials: set MESHGRAPH_TOKEN') }),
    );
  }, 60_000);
});
