import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { runInitCommand } from '../../bin/runInitCommand.ts';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import { createMeshRegistry, createRegistryRoutes, domainPublication } from '../../registry/index.ts';
import { closeServer, createHttpServer, listen } from '../../server/index.ts';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { DEMO_CONSUMERS } from '../../demo/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { createTempLog } from '../support/tempLog.ts';
import { freePort } from '../support/freePort.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

/** Runs `meshgraph check` in this process: its exit code, stdout and stderr. */
async function check(args: string[], env: Record<string, string> = {}, colour = false) {
  let out = '';
  let err = '';
  const code = await runCheckCommand(args, env, (text) => void (out += text), (text) => void (err += text), colour);
  return { code, out, err };
}

/** A subgraph of the mesh that also serves `Query.merchItems`, as an Int. */
const shop = (): DomainDefinition => ({
  name: 'shop',
  description: 'The shop.',
  team: { name: 'Shop', email: 'shop@example.com' },
  schema: { source: 'shop/schema.graphql', sdl: 'type Query { "Items in the shop." merchItems: Int }' },
  resolvers: { Query: { merchItems: () => 1 } },
  dataProducts: [{
    name: 'shop-items', version: '1.0.0', kind: 'SOURCE_ALIGNED',
    description: { purpose: 'Counts.', usage: 'Read it.', limitations: 'None.' },
    owner: { name: 'Sam', email: 'sam@example.com' }, tags: [], inputPorts: [],
    outputPorts: [{ kind: 'query', name: 'items', field: 'Query.merchItems' }],
    slos: { freshness: 'PT5M', availability: 0.99, completeness: 0.99, intervalOfChange: 'PT1M' },
    classification: { default: 'internal' }, retention: 'P1Y', terms: { usage: 'Internal.', license: 'Proprietary' },
  }],
});

describe('meshgraph check <domain>: readable report, JSON for CI, exit codes', () => {
  const leftovers = useLeftovers('file');
  let good: string;
  let bad: string;
  let nowhere: string;
  beforeAll(async () => {
    const root = leftovers.track(await createTempDir('meshgraph-check-')).path;
    const quiet = () => {};
    expect(runInitCommand(['merch'], root, quiet, quiet)).toBe(0);
    expect(runInitCommand(['merch', '--dir', 'bad-merch'], root, quiet, quiet)).toBe(0);
    good = join(root, 'merch');
    bad = join(root, 'bad-merch');
    // A polyseme declared with String! where the mesh says ID!: a check finds it before the domain ever starts.
    const schema = join(bad, 'schema.graphql');
    writeFileSync(schema, `${readFileSync(schema, 'utf8').replace('  name: String!\n', '  name: String!\n  artist: Artist\n')}\ntype Artist @key(fields: "id") { id: String! }\n`);
    nowhere = `http://127.0.0.1:${await freePort()}`;
  });

  it('a domain with an error: exit 1, the JSON report names the check, the readable one groups it, coloured only on a terminal', async () => {
    const json = await check([bad, '--json', '--gateway', nowhere]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ subgraph: 'merch', passed: false, checkedAgainst: expect.stringContaining('the domain does not start') });
    expect(report.problems).toEqual([expect.objectContaining({ check: 'polyseme-key', severity: 'error', message: expect.stringContaining('polyseme "Artist" declares its key field "id" as String!') })]);

    const readable = await check([bad, '--gateway', nowhere]);
    expect(readable.code).toBe(1);
    expect(readable.out).toMatch(/^meshgraph check merch: 1 error, 0 warnings\n/);
    expect(readable.out).toMatch(/\npolyseme-key\n  ✗ error +.*declares its key field "id" as String!/);
    expect(readable.out).toContain('✗ merch does not pass');
    expect(readable.out).not.toContain('\u001b[');
    expect((await check([bad, '--gateway', nowhere], {}, true)).out).toContain('\u001b[31m✗ error');
  });

  it('without a reachable mesh it checks the standards alone, and says so', async () => {
    const { code, out } = await check([good, '--gateway', nowhere]);
    expect(code).toBe(0);
    expect(out).toContain(`Checked against the mesh's standards alone, not against a running mesh: the gateway at ${nowhere} did not answer (ECONNREFUSED).`);
    expect(out).toContain('✓ merch passes');
  });

  it('against the subgraphs of MESHGRAPH_SUBGRAPHS: a field another subgraph serves differently fails composition, naming it', async () => {
    const server = leftovers.track(await createSubgraphServer({ domain: shop(), policy: { policy: loadMeshPolicy(), source: 'policy' } }));
    const { code, out } = await check([good, '--json'], { MESHGRAPH_SUBGRAPHS: `shop=${server.url}` });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.checkedAgainst).toContain('against the subgraphs of MESHGRAPH_SUBGRAPHS (shop)');
    expect(report.problems).toContainEqual(expect.objectContaining({ check: 'composition', severity: 'error', otherSubgraph: 'shop', coordinate: 'Query.merchItems' }));
  });

  it('against the registry of a gateway (--gateway): its publications are the mesh a domain composes with', async () => {
    const policy = { policy: loadMeshPolicy(), source: 'policy' };
    const { log } = leftovers.track(await createTempLog());
    const registry = leftovers.track(createMeshRegistry({ log, policy: policy.policy, logger: captureLogger('registry') }));
    await registry.ready;
    const published = await registry.publish(DEMO_CONSUMERS['governance'], [await domainPublication(shop(), { url: 'http://shop.invalid/graphql', version: '1', policy })]);
    expect(published.published).toBe(true);
    const server = createHttpServer({ routes: createRegistryRoutes({ registry }), logger: captureLogger('gateway') });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });

    const { code, out } = await check([good, '--json', '--gateway', `http://127.0.0.1:${port}/graphql`]);
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.checkedAgainst).toBe(`against the mesh of the gateway at http://127.0.0.1:${port}/graphql (shop) and its standards`);
    expect(report.problems).toContainEqual(expect.objectContaining({ check: 'composition', severity: 'error', otherSubgraph: 'shop', coordinate: 'Query.merchItems' }));
  });

  it('bad usage is exit 2, with what was expected', async () => {
    expect(await check([])).toMatchObject({ code: 2, out: '', err: expect.stringContaining('meshgraph check needs a domain') });
    expect(await check([good, '--yaml'])).toMatchObject({ code: 2, err: expect.stringContaining('Unknown option "--yaml"') });
    expect(await check([good, '--gateway', 'ftp://x'])).toMatchObject({ code: 2, err: expect.stringContaining("--gateway needs the gateway's http(s) URL") });
    expect(await check(['weather'])).toMatchObject({ code: 2, err: expect.stringContaining('Unknown domain "weather"') });
  });
});
