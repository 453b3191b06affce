import { describe, expect, it } from 'vitest';
import { loadDomain } from '../../bin/loadDomain.ts';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { checkSubgraph } from '../../registry/checks/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';
import { freePort } from '../support/freePort.ts';

describe('meshgraph check against the standards alone', () => {
  it('podcasts, which links to the artists\u2019 and listeners\u2019 polysemes, composes with stand-ins for their owners, and passes', async () => {
    let out = '';
    const code = await runCheckCommand(['podcasts', '--json', '--gateway', `http://127.0.0.1:${await freePort()}`], {}, (text) => void (out += text), () => undefined);
    expect(JSON.parse(out)).toMatchObject({ subgraph: 'podcasts', passed: true, problems: [] });
    expect(code).toBe(0);
  });

  it('against a mesh that lacks those owners it does not compose: stand-ins are only for a check with no mesh', async () => {
    const policy = readMeshPolicy({});
    const { sdl, descriptors } = buildDomainSubgraph(await loadDomain('podcasts', {}), policy);
    const candidate = { name: 'podcasts', url: 'http://podcasts.invalid/graphql', sdl: sdl(), descriptors, version: '1', publishedBy: 'podcasts-owner', publishedAt: '2026-11-30T12:00:00.000Z' };
    const composition = async (standIns: boolean) => (await checkSubgraph(candidate, { subgraphs: [], policy: policy.policy, standIns })).problems.filter((p) => p.check === 'composition').map((p) => [p.severity, p.coordinate]);
    expect(await composition(false)).toEqual([['error', 'Listener.urn'], ['error', 'Artist.urn']]);
    expect(await composition(true)).toEqual([]);
  });
});
