import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from '../support/http.ts';
import { STATION_URNS } from '../support/stationsDomain.ts';
import { startStationsMesh, type StationsMesh } from '../support/stationsMesh.ts';

const LINEAGE = 'query ($urn: ID!) { lineage(urn: $urn, depth: 1) { nodes { id kind label } } }';

/** The stations domain serves station-plays v1 and v2 side by side: the lineage picture tells them apart. */
describe('lineage of a product served in two majors', () => {
  let mesh: StationsMesh;
  beforeAll(async () => {
    mesh = await startStationsMesh({ governed: false });
  }, 30_000);
  afterAll(() => mesh?.close());

  const nodesOf = async (urn: string) => {
    const { body } = await postGraphQL(mesh.gateway.url, { query: LINEAGE, variables: { urn } });
    expect(body.errors).toBeUndefined();
    return (body.data as { lineage: { nodes: { id: string; kind: string; label: string }[] } }).lineage.nodes;
  };

  it('labels each major’s node with its major, where the name alone would be the same', async () => {
    expect(await nodesOf(STATION_URNS.v1)).toContainEqual({ id: STATION_URNS.v1, kind: 'dataProduct', label: 'stations/station-plays v1' });
    expect(await nodesOf(STATION_URNS.v2)).toContainEqual({ id: STATION_URNS.v2, kind: 'dataProduct', label: 'stations/station-plays v2' });
  });
});
