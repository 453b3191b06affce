import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import type { Consumer } from '../../governance/Consumer.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import type { DataProductDescriptor } from '../../schema/index.ts';
import { buildDomainSubgraph } from '../../subgraphs/kit/buildDomainSubgraph.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { subscribe } from '../support/subscriber.ts';
import { createStationsDomain, STATION_TOPICS, STATION_URNS, stationPlayRecord } from '../support/stationsDomain.ts';
import { consumer, startStationsMesh, type StationsMesh } from '../support/stationsMesh.ts';

const V1 = '{ stationPlaysV1 { id minutes } }';
const V2 = '{ stationPlays { id seconds } }';
const V1_LIVE = 'subscription ($after: String) { stationPlayedV1(after: $after) { play { id minutes } } }';
const V2_FIELDS = ['Query.stationPlays', 'Subscription.stationPlayed'];
const CHARTS = 'urn:meshgraph:stations:station-charts:v1';
/** A sunset may not be in the past. */
const TODAY = new Date().toISOString().slice(0, 10);
const owner: Consumer = { id: 'stations-owner', kind: 'person', team: 'stations', owns: ['stations'], scopes: [], regions: [] };
const governance = DEMO_CONSUMERS['governance']!;
const requestAccess = (urn: string) => `mutation { requestAccess(urn: "${urn}", purpose: "analytics", justification: "Weekly radio report") { status } }`;

/**
 * The stations domain serves station-plays v1 and v2; its owner deprecates
 * v1 for v2, then governance retires it: a deprecated product warns its
 * consumers, a retired one is refused everywhere it was served.
 */
describe('a data product deprecated, then retired', () => {
  const leftovers = useLeftovers('file');
  let mesh: StationsMesh;
  let reader: string;
  beforeAll(async () => {
    // station-charts v1 is a product the domain served once and no longer does: the book still knows it.
    const [, v2] = buildDomainSubgraph(createStationsDomain().domain, readMeshPolicy()).descriptors;
    const charts: DataProductDescriptor = { ...v2!, urn: CHARTS, name: 'station-charts', version: '1.0.0', outputPorts: [{ kind: 'query', name: 'stationCharts', field: 'Query.stationCharts' }] };
    mesh = await startStationsMesh({ lifecycle: true, formerProducts: [charts] });
    reader = await mesh.token(consumer('weekly-report'));
    for (const urn of Object.values(STATION_URNS)) await postGraphQL(mesh.gateway.url, { query: requestAccess(urn) }, { authorization: reader });
  }, 30_000);
  afterAll(() => mesh?.close());

  it('a consumer of a deprecated product gets a warning naming it, its reason, sunset and successor; a consumer of v2 gets none', async () => {
    await mesh.lifecycle!.move(owner, { urn: STATION_URNS.v1, to: 'deprecated', reason: 'Minutes are too coarse: v2 counts seconds.', sunset: TODAY, successor: STATION_URNS.v2 });
    const [v1, v2] = await Promise.all([postGraphQL(mesh.gateway.url, { query: V1 }, { authorization: reader }), postGraphQL(mesh.gateway.url, { query: V2 }, { authorization: reader })]);
    expect(v1.body.data).toEqual({ stationPlaysV1: [{ id: 'p-1', minutes: 3 }, { id: 'p-2', minutes: 4 }] });
    expect(v1.body.extensions?.['deprecations']).toEqual([
      { coordinate: 'Query.stationPlaysV1', product: STATION_URNS.v1, reason: 'Minutes are too coarse: v2 counts seconds.', sunset: TODAY, successor: STATION_URNS.v2, successorFields: V2_FIELDS },
    ]);
    expect(v2.body.data?.stationPlays).toHaveLength(2);
    expect(v2.body.extensions?.['deprecations']).toBeUndefined();
  });

  it('a live subscription to it is warned at each event; once retired, it ends with DATA_PRODUCT_RETIRED, and it is refused over HTTP and WebSocket; v2 goes on', async () => {
    // A subscriber reading v1 from its topic's start gets a play: the subscription is live.
    await mesh.domainLog().append(STATION_TOPICS.v1, [stationPlayRecord({ id: 'p-3', station: 'fip', seconds: 61 })]);
    const live = leftovers.track(subscribe(mesh.gateway.url, V1_LIVE, { variables: { after: topicCursor(STATION_TOPICS.v1, { 0: 0 }) }, connectionParams: { authorization: reader } }));
    const first = await live.next();
    expect(first.data).toEqual({ stationPlayedV1: { play: { id: 'p-3', minutes: 1 } } });
    // Deprecated: its events say so too.
    expect(first.extensions?.['deprecations']).toMatchObject([{ coordinate: 'Subscription.stationPlayedV1', product: STATION_URNS.v1, successor: STATION_URNS.v2 }]);

    await mesh.lifecycle!.move(governance, { urn: STATION_URNS.v1, to: 'retired', reason: 'Replaced by v2.' });
    const ended = await live.next();
    expect(ended.errors?.[0]?.extensions).toMatchObject({ code: 'DATA_PRODUCT_RETIRED', urn: STATION_URNS.v1, successor: STATION_URNS.v2, successorFields: V2_FIELDS });
    await live.ended;

    const refused = await postGraphQL(mesh.gateway.url, { query: V1 }, { authorization: reader });
    expect(refused.status).toBe(410);
    expect(refused.body.data).toBeUndefined();
    const [error] = refused.body.errors!;
    expect(error!.message).toBe(
      `"Query.stationPlaysV1" is an output port of data product ${STATION_URNS.v1}, which was retired on ${TODAY} ("Replaced by v2.") and is no longer served. Use its successor ${STATION_URNS.v2} instead: Query.stationPlays, Subscription.stationPlayed.`,
    );
    expect(error!.extensions).toMatchObject({ code: 'DATA_PRODUCT_RETIRED', urn: STATION_URNS.v1, reason: 'Replaced by v2.', retiredAt: expect.stringMatching(new RegExp(`^${TODAY}T`)) });

    // Over WebSocket: a query, and a new subscription.
    const overSocket = leftovers.track(subscribe(mesh.gateway.url, V1, { connectionParams: { authorization: reader } }));
    expect((await overSocket.next()).errors?.[0]?.extensions).toMatchObject({ code: 'DATA_PRODUCT_RETIRED', urn: STATION_URNS.v1 });
    const again = leftovers.track(subscribe(mesh.gateway.url, V1_LIVE, { connectionParams: { authorization: reader } }));
    expect((await again.next()).errors?.[0]?.extensions).toMatchObject({ code: 'DATA_PRODUCT_RETIRED', urn: STATION_URNS.v1 });
    expect(await again.ended).toBe('complete');

    const v2 = await postGraphQL(mesh.gateway.url, { query: V2 }, { authorization: reader });
    expect(v2.body.data?.stationPlays).toHaveLength(2);
  });

  it('a retired product whose domain no longer serves its fields is still named, with its successor, instead of an unknown field', async () => {
    await mesh.lifecycle!.move(governance, { urn: CHARTS, to: 'deprecated', reason: 'Charts moved to v2 plays.', successor: STATION_URNS.v2 });
    await mesh.lifecycle!.move(governance, { urn: CHARTS, to: 'retired', reason: 'Charts moved to v2 plays.' });
    const refused = await postGraphQL(mesh.gateway.url, { query: '{ stationCharts { id } }' }, { authorization: reader });
    expect(refused.status).toBe(410);
    expect(refused.body.errors).toEqual([
      {
        message: expect.stringContaining(`"Query.stationCharts" is an output port of data product ${CHARTS}, which was retired on`),
        extensions: expect.objectContaining({ code: 'DATA_PRODUCT_RETIRED', urn: CHARTS, successor: STATION_URNS.v2, successorFields: V2_FIELDS }),
      },
    ]);
    // Any other unknown field is still just that.
    expect((await postGraphQL(mesh.gateway.url, { query: '{ stationChartz { id } }' }, { authorization: reader })).body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('requesting access to a retired product is refused, naming its successor, whether or not its domain still serves it', async () => {
    for (const urn of [STATION_URNS.v1, CHARTS]) {
      const { status, body } = await postGraphQL(mesh.gateway.url, { query: requestAccess(urn) }, { authorization: await mesh.token(consumer('late-comer')) });
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: `Data product ${urn} is retired and no longer served, so no access to it is granted: ask for its successor ${STATION_URNS.v2} instead.`,
          extensions: expect.objectContaining({ code: 'DATA_PRODUCT_RETIRED' }),
        }),
      ]);
    }
    // Its successor takes requests.
    expect((await postGraphQL(mesh.gateway.url, { query: requestAccess(STATION_URNS.v2) }, { authorization: await mesh.token(consumer('late-comer')) })).body.errors).toBeUndefined();
  });

  it("the domain refuses appends to the retired product's topic, naming it and its successor; v2's topic takes them", async () => {
    const play = stationPlayRecord({ id: 'p-4', station: 'kexp', seconds: 200 });
    await expect(mesh.domainLog().append(STATION_TOPICS.v1, [play])).rejects.toThrow(
      `append to "${STATION_TOPICS.v1}" refused: it is an output port of data product ${STATION_URNS.v1}, which was retired and takes no more records. Append to its successor ${STATION_URNS.v2}'s topic "${STATION_TOPICS.v2}" instead.`,
    );
    await expect(mesh.domainLog().append(STATION_TOPICS.v2, [play])).resolves.toHaveLength(1);
  });
});

describe('a retired data product, at a gateway that does not govern', () => {
  let mesh: StationsMesh;
  beforeAll(async () => {
    mesh = await startStationsMesh({ governed: false, lifecycle: true });
  }, 30_000);
  afterAll(() => mesh?.close());

  it('is refused all the same', async () => {
    await mesh.lifecycle!.move(governance, { urn: STATION_URNS.v1, to: 'deprecated', reason: 'Use v2.' });
    await mesh.lifecycle!.move(governance, { urn: STATION_URNS.v1, to: 'retired', reason: 'Use v2.' });
    const refused = await postGraphQL(mesh.gateway.url, { query: V1 });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'DATA_PRODUCT_RETIRED', urn: STATION_URNS.v1 });
    expect((await postGraphQL(mesh.gateway.url, { query: V2 })).body.data?.stationPlays).toHaveLength(2);
  });
});
