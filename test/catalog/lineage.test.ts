import { describe, expect, it } from 'vitest';
import {
  buildLineage,
  LineageDepthError,
  MAX_LINEAGE_DEPTH,
  UnknownDataProductError,
  type Lineage,
  type LineageDescriptor,
  type ObservedConsumption,
} from '../../gateway/catalog/buildLineage.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { buildDomainSchema } from '../../subgraphs/kit/buildDomainSchema.ts';
import { validateDataProducts } from '../../subgraphs/kit/validateDataProducts.ts';
import { createTestDomains } from '../support/mesh.ts';

// Descriptors do not depend on the data: the smallest demo world will do.
const DOMAINS = Object.values(createTestDomains({ seed: 'lineage', scale: 0.01 }));

/** The descriptors the demo mesh serves, validated as each subgraph does at start-up; no server needed. */
const MESH = DOMAINS.flatMap((domain) => validateDataProducts(domain, domain.dataProducts, buildDomainSchema(domain).schema));

const EPISODE_PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';
const PODCAST_CATALOG = 'urn:meshgraph:podcasts:podcast-catalog:v1';
const LISTENER_PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const ARTIST_ROYALTIES = 'urn:meshgraph:artists:artist-royalties:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const LISTENER_ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';
const PLAYER_APPS = 'source:player apps (playback telemetry)';
const SIGN_UPS = 'source:account service (sign-up flow)';
const PUBLISHING = 'source:podcast publishing tool';

/** `from → to (via)` for every edge, in the order the lineage gives them. */
const flows = (lineage: Lineage) => lineage.edges.map((e) => `${e.from} → ${e.to} (${e.via}${e.topic ? ` ${e.topic}` : ''})`);
const ids = (lineage: Lineage) => lineage.nodes.map((n) => n.id);
const edge = (lineage: Lineage, from: string, to: string) => lineage.edges.filter((e) => e.from === from && e.to === to);

/** A use of `product` by `consumer`, as the gateway's measurements report it. */
const used = (consumer: string, product: string, lastSeenAt = '2025-03-01T10:00:00.000Z', count = 1): ObservedConsumption => ({
  consumer,
  product,
  lastSeenAt,
  count,
});

/** A bare descriptor for meshes the demo does not have. */
const product = (domain: string, name: string, ports: Pick<LineageDescriptor, 'inputPorts' | 'outputPorts'>): LineageDescriptor => ({
  urn: `urn:meshgraph:${domain}:${name}:v1`,
  domain,
  name,
  ...ports,
});

describe('lineage of the demo mesh, from the declared ports', () => {
  it('episode plays come from the player apps; royalties, charts and engagement are built from them', () => {
    const lineage = buildLineage(MESH, [], EPISODE_PLAYS, 1);
    expect(lineage.root).toBe(EPISODE_PLAYS);
    expect(lineage.depth).toBe(1);
    expect(flows(lineage)).toEqual([
      `${PLAYER_APPS} → ${EPISODE_PLAYS} (source)`,
      `${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`,
      `${EPISODE_PLAYS} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
      `${EPISODE_PLAYS} → ${TOP_CHARTS} (dataProduct)`,
    ]);
    expect(lineage.edges.every((e) => e.declared && !e.observed && !e.undeclared && e.lastSeenAt === undefined)).toBe(true);
    expect(lineage.nodes).toEqual([
      { kind: 'source', id: PLAYER_APPS, system: 'player apps (playback telemetry)' },
      { kind: 'dataProduct', id: ARTIST_ROYALTIES, urn: ARTIST_ROYALTIES, domain: 'artists', name: 'artist-royalties' },
      { kind: 'dataProduct', id: LISTENER_ENGAGEMENT, urn: LISTENER_ENGAGEMENT, domain: 'insights', name: 'listener-engagement' },
      { kind: 'dataProduct', id: TOP_CHARTS, urn: TOP_CHARTS, domain: 'insights', name: 'top-charts' },
      { kind: 'dataProduct', id: EPISODE_PLAYS, urn: EPISODE_PLAYS, domain: 'podcasts', name: 'episode-plays' },
    ]);
  });

  it('artist royalties: one hop reaches the plays (and the catalog they are checked against), two reach their sources, and never the sibling products built from plays', () => {
    expect(flows(buildLineage(MESH, [], ARTIST_ROYALTIES, 1))).toEqual([`${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`, `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`]);
    const twoHops = buildLineage(MESH, [], ARTIST_ROYALTIES, 2);
    expect(flows(twoHops)).toEqual([
      `${PLAYER_APPS} → ${EPISODE_PLAYS} (source)`,
      `${PUBLISHING} → ${PODCAST_CATALOG} (source)`,
      `${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`,
      `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`,
    ]);
    expect(ids(twoHops)).toEqual([PLAYER_APPS, PUBLISHING, ARTIST_ROYALTIES, EPISODE_PLAYS, PODCAST_CATALOG]);
  });

  it('listener engagement draws on two other domains, and each of them sees it downstream', () => {
    const engagement = buildLineage(MESH, [], LISTENER_ENGAGEMENT, 2);
    expect(flows(engagement)).toEqual([
      `${SIGN_UPS} → ${LISTENER_PROFILES} (source)`,
      `${PLAYER_APPS} → ${EPISODE_PLAYS} (source)`,
      `${LISTENER_PROFILES} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
      `${EPISODE_PLAYS} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
    ]);
    expect(new Set(engagement.nodes.flatMap((n) => (n.kind === 'dataProduct' ? [n.domain] : [])))).toEqual(new Set(['insights', 'listeners', 'podcasts']));
    expect(flows(buildLineage(MESH, [], LISTENER_PROFILES, 1))).toEqual([
      `${SIGN_UPS} → ${LISTENER_PROFILES} (source)`,
      `${LISTENER_PROFILES} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
    ]);
  });

  it('the podcast catalog, built from nothing but its source, is the reference royalties and charts check plays against', () => {
    expect(flows(buildLineage(MESH, [], PODCAST_CATALOG, MAX_LINEAGE_DEPTH))).toEqual([
      `${PUBLISHING} → ${PODCAST_CATALOG} (source)`,
      `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`,
      `${PODCAST_CATALOG} → ${TOP_CHARTS} (dataProduct)`,
    ]);
  });
});

describe('lineage compared with the consumption observed', () => {
  it('top charts querying the plays it declares confirms the declared edge, with the latest use', () => {
    const observed = [
      used('insights/top-charts', EPISODE_PLAYS, '2025-03-01T10:00:00.000Z', 40),
      used(TOP_CHARTS, EPISODE_PLAYS, '2025-03-02T08:30:00.000Z', 2),
      used('urn:meshgraph:insights:top-charts', EPISODE_PLAYS, '2025-02-27T23:59:00.000Z', 5),
    ];
    const lineage = buildLineage(MESH, observed, TOP_CHARTS, 1);
    expect(lineage.edges).toEqual([
      { from: EPISODE_PLAYS, to: TOP_CHARTS, via: 'dataProduct', declared: true, observed: true, undeclared: false, lastSeenAt: '2025-03-02T08:30:00.000Z' },
      { from: PODCAST_CATALOG, to: TOP_CHARTS, via: 'dataProduct', declared: true, observed: false, undeclared: false },
    ]);
  });

  it('listener engagement querying artist royalties, which it does not declare, is an undeclared dependency', () => {
    const observed = [used(LISTENER_ENGAGEMENT, ARTIST_ROYALTIES, '2025-03-03T12:00:00.000Z', 7)];
    const royalties = buildLineage(MESH, observed, ARTIST_ROYALTIES, 1);
    expect(edge(royalties, ARTIST_ROYALTIES, LISTENER_ENGAGEMENT)).toEqual([
      { from: ARTIST_ROYALTIES, to: LISTENER_ENGAGEMENT, via: 'graphql', declared: false, observed: true, undeclared: true, lastSeenAt: '2025-03-03T12:00:00.000Z' },
    ]);
    expect(flows(royalties)).toEqual([
      `${ARTIST_ROYALTIES} → ${LISTENER_ENGAGEMENT} (graphql)`,
      `${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`,
      `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`,
    ]);
    // Seen from the consumer, the undeclared dependency is upstream, beside the declared ones.
    expect(flows(buildLineage(MESH, observed, LISTENER_ENGAGEMENT, 1))).toEqual([
      `${ARTIST_ROYALTIES} → ${LISTENER_ENGAGEMENT} (graphql)`,
      `${LISTENER_PROFILES} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
      `${EPISODE_PLAYS} → ${LISTENER_ENGAGEMENT} (dataProduct)`,
    ]);
  });

  it('the charts web app reading top charts is an application downstream, two hops below the plays', () => {
    const observed = [used('charts-web', TOP_CHARTS, '2025-03-04T09:00:00.000Z', 1200)];
    const charts = buildLineage(MESH, observed, TOP_CHARTS, 1);
    expect(charts.nodes).toContainEqual({ kind: 'application', id: 'app:charts-web', clientName: 'charts-web' });
    expect(edge(charts, TOP_CHARTS, 'app:charts-web')).toEqual([
      { from: TOP_CHARTS, to: 'app:charts-web', via: 'graphql', declared: false, observed: true, undeclared: false, lastSeenAt: '2025-03-04T09:00:00.000Z' },
    ]);
    expect(ids(buildLineage(MESH, observed, EPISODE_PLAYS, 1))).not.toContain('app:charts-web');
    expect(flows(buildLineage(MESH, observed, EPISODE_PLAYS, 2))).toContain(`${TOP_CHARTS} → app:charts-web (graphql)`);
  });

  it('a client name that looks like a product but names none of the catalog is an application', () => {
    const observed = [used('insights/top-chart', EPISODE_PLAYS), used('urn:meshgraph:insights:top-charts:v2', EPISODE_PLAYS), used('urn:meshgraph:insights:top-chart', EPISODE_PLAYS)];
    const consumers = buildLineage(MESH, observed, EPISODE_PLAYS, 1).nodes.filter((n) => n.kind === 'application');
    expect(consumers.map((n) => n.id)).toEqual(['app:insights/top-chart', 'app:urn:meshgraph:insights:top-chart', 'app:urn:meshgraph:insights:top-charts:v2']);
  });

  it('a client name without version is the current major of that product', () => {
    const chartsV2 = { ...MESH.find((d) => d.urn === TOP_CHARTS)!, urn: 'urn:meshgraph:insights:top-charts:v2' };
    const observed = [used('insights/top-charts', ARTIST_ROYALTIES), used('urn:meshgraph:insights:top-charts', ARTIST_ROYALTIES)];
    const lineage = buildLineage([chartsV2, ...MESH], observed, ARTIST_ROYALTIES, 1);
    expect(flows(lineage)).toEqual([
      `${ARTIST_ROYALTIES} → ${chartsV2.urn} (graphql)`,
      `${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`,
      `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`,
    ]);
    expect(edge(lineage, ARTIST_ROYALTIES, chartsV2.urn)[0]).toMatchObject({ declared: false, observed: true, undeclared: true });
  });

  it('uses of products outside the catalog, uses never counted, nameless clients and a product reading itself add nothing', () => {
    const observed = [
      used('charts-web', 'urn:meshgraph:podcasts:episode-skips:v1'),
      used('charts-web', EPISODE_PLAYS, '2025-03-01T10:00:00.000Z', 0),
      used('  ', EPISODE_PLAYS),
      used('podcasts/episode-plays', EPISODE_PLAYS),
    ];
    expect(buildLineage(MESH, observed, EPISODE_PLAYS, 2)).toEqual(buildLineage(MESH, [], EPISODE_PLAYS, 2));
  });
});

describe('lineage through topics and across missing domains', () => {
  const refunds = 'payments.refunds.v1';
  const alerts = product('ops', 'play-alerts', {
    inputPorts: [
      { kind: 'topic', name: 'plays', topic: PLAYS_TOPIC.name },
      { kind: 'topic', name: 'refunds', topic: refunds },
      { kind: 'topic', name: 'own', topic: 'ops.play-alerts.v1' },
    ],
    outputPorts: [{ kind: 'topic', name: 'alerts', topic: 'ops.play-alerts.v1' }],
  });

  it('a topic input port links the products publishing the topic; a topic nobody in the catalog publishes is a source; reading back its own topic is no lineage', () => {
    const lineage = buildLineage([...MESH, alerts], [], alerts.urn, 1);
    expect(lineage.edges).toEqual([
      { from: `source:topic:${refunds}`, to: alerts.urn, via: 'topic', topic: refunds, declared: true, observed: false, undeclared: false },
      { from: EPISODE_PLAYS, to: alerts.urn, via: 'topic', topic: PLAYS_TOPIC.name, declared: true, observed: false, undeclared: false },
    ]);
    expect(lineage.nodes).toContainEqual({ kind: 'source', id: `source:topic:${refunds}`, system: `topic:${refunds}` });
  });

  it('a product consumed both through its topic and a declared URN port has one edge per port, and a use confirms both', () => {
    const both = { ...alerts, inputPorts: [...alerts.inputPorts, { kind: 'dataProduct' as const, name: 'plays-api', urn: EPISODE_PLAYS }] };
    const lineage = buildLineage([...MESH, both], [used('ops/play-alerts', EPISODE_PLAYS, '2025-03-05T00:00:00.000Z')], both.urn, 1);
    expect(edge(lineage, EPISODE_PLAYS, both.urn)).toEqual([
      { from: EPISODE_PLAYS, to: both.urn, via: 'dataProduct', declared: true, observed: true, undeclared: false, lastSeenAt: '2025-03-05T00:00:00.000Z' },
      { from: EPISODE_PLAYS, to: both.urn, via: 'topic', topic: PLAYS_TOPIC.name, declared: true, observed: true, undeclared: false, lastSeenAt: '2025-03-05T00:00:00.000Z' },
    ]);
  });

  it('an upstream product whose domain is not in the catalog (its subgraph is down) still shows, named by its URN', () => {
    const withoutPodcasts = MESH.filter((d) => d.domain !== 'podcasts');
    const lineage = buildLineage(withoutPodcasts, [], ARTIST_ROYALTIES, 2);
    expect(flows(lineage)).toEqual([`${EPISODE_PLAYS} → ${ARTIST_ROYALTIES} (dataProduct)`, `${PODCAST_CATALOG} → ${ARTIST_ROYALTIES} (dataProduct)`]);
    expect(lineage.nodes).toContainEqual({ kind: 'dataProduct', id: EPISODE_PLAYS, urn: EPISODE_PLAYS, domain: 'podcasts', name: 'episode-plays' });
  });
});

describe('lineage requests', () => {
  it('an unknown URN is refused, suggesting the closest data product', () => {
    const ask = (urn: string) => () => buildLineage(MESH, [], urn, 1);
    expect(ask('urn:meshgraph:podcasts:episode-plyas:v1')).toThrow(UnknownDataProductError);
    expect(ask('urn:meshgraph:podcasts:episode-plyas:v1')).toThrow(
      'No data product of the catalog has URN "urn:meshgraph:podcasts:episode-plyas:v1"; expected a URN like "urn:meshgraph:<domain>:<product>:v<major>". Did you mean "urn:meshgraph:podcasts:episode-plays:v1"?',
    );
    expect(ask('insights/top-charts')).toThrow(/has URN "insights\/top-charts".* Did you mean "urn:meshgraph:insights:top-charts:v1"\?$/);
    expect(ask('urn:meshgraph:insights:top-charts:v2')).toThrow(/Did you mean "urn:meshgraph:insights:top-charts:v1"\?$/);
    expect(ask('weather-forecasts')).toThrow(/"weather-forecasts"; .* Query dataProducts to list the URNs of the catalog\.$/);
    try {
      ask('episode-plays')();
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ name: 'UnknownDataProductError', code: 'UNKNOWN_DATA_PRODUCT', urn: 'episode-plays', suggestions: [EPISODE_PLAYS] });
    }
  });

  it('a depth below one hop, or not whole, is refused', () => {
    for (const depth of [0, -1, 1.5, Number.NaN]) {
      expect(() => buildLineage(MESH, [], EPISODE_PLAYS, depth)).toThrow(LineageDepthError);
    }
    expect(() => buildLineage(MESH, [], EPISODE_PLAYS, 0)).toThrow(`Lineage depth must be a whole number of hops from 1 to ${MAX_LINEAGE_DEPTH}, but is 0; use 1 for direct neighbours.`);
  });

  it(`a depth above ${MAX_LINEAGE_DEPTH} walks ${MAX_LINEAGE_DEPTH} hops each way`, () => {
    // A chain p0 → p1 → … → p14, each built from the one before.
    const chain = Array.from({ length: 15 }, (_, i) =>
      product('chain', `p${i}`, {
        inputPorts: i === 0 ? [{ kind: 'source', name: 'origin', system: 'origin' }] : [{ kind: 'dataProduct', name: 'previous', urn: `urn:meshgraph:chain:p${i - 1}:v1` }],
        outputPorts: [{ kind: 'query', name: 'rows', field: `Query.p${i}` }],
      }),
    );
    const middle = 'urn:meshgraph:chain:p12:v1';
    const far = buildLineage(chain, [], middle, 1000);
    expect(far.depth).toBe(MAX_LINEAGE_DEPTH);
    expect(ids(far)).toEqual(['urn:meshgraph:chain:p10:v1', 'urn:meshgraph:chain:p11:v1', middle, 'urn:meshgraph:chain:p13:v1', 'urn:meshgraph:chain:p14:v1', 'urn:meshgraph:chain:p2:v1', 'urn:meshgraph:chain:p3:v1', 'urn:meshgraph:chain:p4:v1', 'urn:meshgraph:chain:p5:v1', 'urn:meshgraph:chain:p6:v1', 'urn:meshgraph:chain:p7:v1', 'urn:meshgraph:chain:p8:v1', 'urn:meshgraph:chain:p9:v1']);
    expect(far.edges).toHaveLength(12);
    expect(buildLineage(chain, [], middle, MAX_LINEAGE_DEPTH)).toEqual(far);
    expect(ids(buildLineage(chain, [], middle, 3))).toEqual(['urn:meshgraph:chain:p10:v1', 'urn:meshgraph:chain:p11:v1', middle, 'urn:meshgraph:chain:p13:v1', 'urn:meshgraph:chain:p14:v1', 'urn:meshgraph:chain:p9:v1']);
  });

  it('the answer does not depend on the order of descriptors or observations', () => {
    const observed = [used('charts-web', TOP_CHARTS), used(LISTENER_ENGAGEMENT, ARTIST_ROYALTIES), used('insights/top-charts', EPISODE_PLAYS)];
    const forward = buildLineage(MESH, observed, EPISODE_PLAYS, 3);
    expect(buildLineage([...MESH].reverse(), [...observed].reverse(), EPISODE_PLAYS, 3)).toEqual(forward);
    expect(JSON.stringify(buildLineage([...MESH].reverse(), [...observed].reverse(), EPISODE_PLAYS, 3))).toBe(JSON.stringify(forward));
  });
});
