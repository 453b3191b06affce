import { describe, expect, it } from 'vitest';
import { loadDomain } from '../../bin/loadDomain.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { checkSubgraph } from '../../registry/checks/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';

describe('descriptors valid against the standards', () => {
  it('a descriptor whose ODPS and ODCS exports break the standards\u2019 JSON Schemas is refused, each error with its path', async () => {
    const policy = readMeshPolicy({});
    const { sdl, descriptors } = buildDomainSubgraph(await loadDomain('artists', {}), policy);
    const subgraph = { name: 'artists', url: 'http://artists.invalid/graphql', sdl: sdl(), version: '2', publishedBy: 'artists-owner', publishedAt: '2026-11-30T12:00:00.000Z' };
    const check = async (products: readonly DataProductDescriptor[]) =>
      (await checkSubgraph({ ...subgraph, descriptors: products }, { subgraphs: [], policy: policy.policy })).problems.filter((p) => p.check === 'descriptor');

    expect(await check(descriptors)).toEqual([]);

    // As a publication made by hand may carry it: a team without its e-mail, which the kit never reads (it takes the domain's team).
    const [profiles, royalties] = descriptors as [DataProductDescriptor, DataProductDescriptor];
    const broken = { ...royalties, team: { name: 'artists team' } as DataProductDescriptor['team'] };
    const problems = await check([profiles, broken]);
    const message = (standard: string, at: string, what: string) => `Data product "artist-royalties": its ${standard} export breaks the standard at ${at}: ${what}.`;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', coordinate: royalties.urn, message: message('ODPS 1.0', '/support/0', 'must have required property \'channel\' ({"missingProperty":"channel"})') }),
        expect.objectContaining({ severity: 'error', coordinate: royalties.urn, message: message('ODCS 3.1', '/support/0', 'must have required property \'channel\' ({"missingProperty":"channel"})') }),
      ]),
    );
    expect(problems.every((p) => p.coordinate === royalties.urn)).toBe(true);
  });
});
