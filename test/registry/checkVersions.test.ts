import { describe, expect, it } from 'vitest';
import { loadMeshPolicy } from '../../governance/policy/index.ts';
import type { RegisteredSubgraph } from '../../registry/RegisteredSubgraph.ts';
import { checkSubgraph } from '../../registry/checks/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';
import { createStationsDomain, STATION_URNS } from '../support/stationsDomain.ts';

const policy = loadMeshPolicy();

/** The stations domain as it would publish, station-plays v1 and v2 side by side, with v1's descriptor changed by `v1`. */
function stations(v1: (descriptor: DataProductDescriptor) => DataProductDescriptor): RegisteredSubgraph {
  const built = buildDomainSubgraph(createStationsDomain().domain, { policy, source: 'mesh-policy.yaml' });
  const descriptors = built.descriptors.map((descriptor) => (descriptor.urn === STATION_URNS.v1 ? v1(structuredClone(descriptor)) : descriptor));
  return { name: 'stations', url: 'http://stations.test/graphql', sdl: built.sdl(), descriptors, version: '1', publishedBy: 'stations-owner', publishedAt: new Date(0).toISOString() };
}

describe('the checks of a domain that serves two majors of one product', () => {
  it('pass both as they are', async () => {
    expect(await checkSubgraph(stations((d) => d), { subgraphs: [], policy })).toMatchObject({ passed: true });
  });

  it("file v1's problems under v1's URN, not v2's, though both have one name", async () => {
    const report = await checkSubgraph(stations((d) => ({ ...d, owner: undefined as never, slos: { ...d.slos, freshness: 'soon' } })), { subgraphs: [], policy });
    const found = report.problems.filter((problem) => problem.check === 'descriptor' || problem.check === 'slo');
    expect(found).toEqual([
      expect.objectContaining({ check: 'descriptor', coordinate: STATION_URNS.v1, message: expect.stringContaining('Data product "station-plays": has no owner') }),
      expect.objectContaining({ check: 'slo', coordinate: STATION_URNS.v1, message: expect.stringContaining('slos.freshness') }),
    ]);
  });
});
