import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescriptorError } from '../../subgraphs/kit/index.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { postGraphQL } from '../support/http.ts';
import { createStationsDomain, STATION_URNS } from '../support/stationsDomain.ts';
import { consumer, startStationsMesh, type StationsMesh } from '../support/stationsMesh.ts';

const V1 = '{ stationPlaysV1 { id minutes } }';
const V2 = '{ stationPlays { id seconds } }';
const REQUEST_V2 = `mutation { requestAccess(urn: "${STATION_URNS.v2}", purpose: "analytics", justification: "Weekly radio report") { status } }`;

/**
 * A domain serves station-plays v1 and v2 side by side: two data products of
 * one name, each with its own URN, fields, types, topic and consumers.
 */
describe('major versions of a data product side by side', () => {
  let mesh: StationsMesh;
  beforeAll(async () => {
    mesh = await startStationsMesh({ lifecycle: true });
  }, 30_000);
  afterAll(() => mesh?.close());

  it('the domain describes both majors, each with its own URN, ports and types', () => {
    const [v1, v2] = mesh.stations.descriptors;
    expect(v1).toMatchObject({ urn: STATION_URNS.v1, name: 'station-plays', version: '1.4.0' });
    expect(v2).toMatchObject({ urn: STATION_URNS.v2, name: 'station-plays', version: '2.0.0' });
    expect(v1!.schema.map((t) => t.name)).toEqual(['StationPlayV1', 'StationPlayedV1']);
    expect(v2!.schema.map((t) => t.name)).toEqual(['StationPlay', 'StationPlayed']);
  });

  it('the gateway serves both; the catalog lists both, v1 deprecated with v2 as its successor', async () => {
    const owner = { ...consumer('stations-owner'), owns: ['stations'] };
    await mesh.lifecycle!.move(owner, { urn: STATION_URNS.v1, to: 'deprecated', reason: 'v2 counts seconds.', successor: STATION_URNS.v2 });
    const analyst = await mesh.token(consumer('weekly-report'));
    const catalog = await postGraphQL(mesh.gateway.url, { query: '{ dataProducts(domain: "stations") { dataProduct { urn version status lifecycle { successor } } } }' }, { authorization: analyst });
    expect(catalog.body.errors).toBeUndefined();
    expect(catalog.body.data?.dataProducts.map((p: { dataProduct: unknown }) => p.dataProduct)).toEqual([
      { urn: STATION_URNS.v1, version: '1.4.0', status: 'deprecated', lifecycle: { successor: STATION_URNS.v2 } },
      { urn: STATION_URNS.v2, version: '2.0.0', status: 'active', lifecycle: { successor: null } },
    ]);
    // A consumer with an agreement on each reads both, v1 with a warning that names its successor.
    for (const urn of [STATION_URNS.v1, STATION_URNS.v2]) await postGraphQL(mesh.gateway.url, { query: REQUEST_V2.replace(STATION_URNS.v2, urn) }, { authorization: analyst });
    const both = await postGraphQL(mesh.gateway.url, { query: '{ stationPlaysV1 { minutes } stationPlays { seconds } }' }, { authorization: analyst });
    expect(both.body.data).toEqual({ stationPlaysV1: [{ minutes: 3 }, { minutes: 4 }], stationPlays: [{ seconds: 185 }, { seconds: 242 }] });
    expect(both.body.extensions?.['deprecations']).toMatchObject([{ coordinate: 'Query.stationPlaysV1', product: STATION_URNS.v1, successor: STATION_URNS.v2 }]);
  });

  it('an agreement on v2 opens v2, not v1: access is per URN', async () => {
    const analyst = await mesh.token(consumer('charts-team'));
    const granted = await postGraphQL(mesh.gateway.url, { query: REQUEST_V2 }, { authorization: analyst });
    expect(granted.body.data?.requestAccess.status).toBe('approved');
    const headers = { authorization: analyst, 'apollographql-client-name': 'charts-web' };
    const [v1, v2] = await Promise.all([postGraphQL(mesh.gateway.url, { query: V1 }, headers), postGraphQL(mesh.gateway.url, { query: V2 }, headers)]);
    expect(v2.body).toEqual({ data: { stationPlays: [{ id: 'p-1', seconds: 185 }, { id: 'p-2', seconds: 242 }] } });
    expect(v1.body.data).toBeNull();
    expect(v1.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(v1.body.errors?.[0]?.message).toContain(STATION_URNS.v1);
    // Each major counts its own consumers: v1 was never fetched for this one.
    const discovered = (await (await fetch(new URL('/data-products', mesh.stations.url))).json()) as { dataProducts: { urn: string; figures: { consumers: { clientName: string }[] } }[] };
    expect(discovered.dataProducts.map((p) => [p.urn, p.figures.consumers.map((c) => c.clientName)])).toEqual([[STATION_URNS.v1, []], [STATION_URNS.v2, ['charts-web']]]);
  });

  it('two products of one name and one major are refused, naming the URN they would share', () => {
    const { domain } = createStationsDomain();
    const [v1] = domain.dataProducts;
    const schema = buildSchema('type Query { stationPlaysV1: [Int] stationPlays: [Int] } type Subscription { stationPlayedV1: Int stationPlayed: Int }');
    expect(() => validateDataProducts(domain, [v1!, { ...v1!, version: '1.5.0' }], schema)).toThrow(DescriptorError);
    expect(() => validateDataProducts(domain, [v1!, { ...v1!, version: '1.5.0' }], schema)).toThrow(
      `Data product "station-plays": version 1.5.0 has the major of another data product "station-plays" of domain "stations" (both would be ${STATION_URNS.v1}); give a new major version its own major, or another name.`,
    );
  });
});
