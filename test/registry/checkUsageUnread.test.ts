import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomain } from '../../bin/loadDomain.ts';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { runInitCommand } from '../../bin/runInitCommand.ts';
import { DEMO_CONSUMERS } from '../../demo/index.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { createMeshRegistry, createRegistryRoutes, domainPublication } from '../../registry/index.ts';
import { closeServer, createHttpServer, listen } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { createTempLog } from '../support/tempLog.ts';

describe('meshgraph check of a published domain, against a gateway without the usage route', () => {
  const leftovers = useLeftovers();

  it('warns that its changes were not checked against real use, and says why', async () => {
    const root = leftovers.track(await createTempDir('meshgraph-check-usage-')).path;
    expect(runInitCommand(['merch'], root, () => {}, () => {})).toBe(0);
    const folder = join(root, 'merch');
    const policy = readMeshPolicy({});
    const { log } = leftovers.track(await createTempLog());
    const registry = leftovers.track(createMeshRegistry({ log, policy: policy.policy, logger: captureLogger('registry') }));
    await registry.ready;
    const publication = await domainPublication(await loadDomain(folder, {}), { url: 'http://merch.invalid/graphql', version: '1', policy });
    expect((await registry.publish(DEMO_CONSUMERS['governance'], [publication])).published).toBe(true);
    // An older gateway: the registry's publications, no usage route.
    const server = createHttpServer({ routes: createRegistryRoutes({ registry }), logger: captureLogger('gateway') });
    const port = await listen(server, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(server) });

    let out = '';
    const code = await runCheckCommand([folder, '--json', '--gateway', `http://127.0.0.1:${port}/graphql`], { MESHGRAPH_TOKEN: 'merch-token' }, (text) => void (out += text), () => undefined);
    expect(code).toBe(0);
    expect(JSON.parse(out).problems).toEqual([
      {
        check: 'breaking-change',
        severity: 'warning',
        message: `Changes were not checked against the use consumers made of "merch": the gateway at http://127.0.0.1:${port}/graphql answered /registry/usage with HTTP 404: it has no usage route (an older gateway). Publishing checks them, and refuses a change that breaks a consumer.`,
      },
    ]);
  });
});
