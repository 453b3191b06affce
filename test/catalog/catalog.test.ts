import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { freePort } from '../support/freePort.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { postGraphQL } from '../support/http.ts';
import { startMesh, type TestMesh } from '../support/mesh.ts';
import { subscribe } from '../support/subscriber.ts';

const PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';
const ROYALTIES = 'urn:meshgraph:artists:artist-royalties:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';

describe('the mesh catalog, in the one graph', () => {
  const file = useLeftovers('file');
  let mesh: TestMesh;
  /** Asks the gateway, as the client `clientName` if given; returns `data` and fails on errors. */
  const ask = async <T = Record<string, any>,>(query: string, clientName?: string): Promise<T> => {
    const { body } = await postGraphQL(mesh.gateway.url, { query }, clientName ? { 'apollographql-client-name': clientName } : {});
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };

  beforeAll(async () => {
    mesh = file.track(await startMesh({ gateway: { supergraphPollMs: 0 } }));
  });

  it('an analyst searches for plays, reads who owns the data, what it means, how fresh it is and where it comes from, then queries it', async () => {
    const { dataProducts } = await ask(`{
      dataProducts(search: "plays", first: 3) {
        score
        dataProduct {
          urn name domain owner { name email } description { purpose limitations }
          outputPorts { kind field topic }
          slos { freshness }
          figures { recordCount lastEventAt freshnessLagSeconds fedSinceStart meetsFreshnessSlo }
        }
      }
    }`);
    const [best] = dataProducts;
    const descriptor = mesh.subgraphs.podcasts.descriptors.find((d) => d.urn === PLAYS)!;
    expect(best.dataProduct).toMatchObject({ urn: PLAYS, domain: 'podcasts', owner: descriptor.owner, description: { purpose: descriptor.description.purpose } });
    expect(best.score).toBeGreaterThan(dataProducts[1].score);
    // Live figures, measured: the plays the domain holds and the age of the newest one; no play came in since
    // the domain started, so the freshness SLO is not judged (test/catalog/quietProducts.test.ts judges a fed one).
    const newest = mesh.domains.podcasts.store.latestPlayAt!;
    expect(best.dataProduct.figures).toMatchObject({ recordCount: mesh.domains.podcasts.store.plays.length, lastEventAt: newest, fedSinceStart: false, meetsFreshnessSlo: null });
    expect(best.dataProduct.figures.freshnessLagSeconds).toBeGreaterThan((Date.now() - Date.parse(newest)) / 1_000 - 60);

    const { lineage } = await ask(`{ lineage(urn: "${PLAYS}") { edges { from to via declared } } }`);
    expect(lineage.edges).toContainEqual({ from: 'source:player apps (playback telemetry)', to: PLAYS, via: 'source', declared: true });

    // The output port names the field to query.
    expect(best.dataProduct.outputPorts).toContainEqual({ kind: 'query', field: 'Query.plays', topic: null });
    const { plays } = await ask('{ plays(first: 2) { edges { node { id secondsPlayed } } } }');
    expect(plays.edges).toHaveLength(2);
  });

  it.each([
    ['royalties', ROYALTIES],
    ['how much did artists earn', ROYALTIES],
    ['top episodes by country', TOP_CHARTS],
    ['dormant listeners', ENGAGEMENT],
  ])('a search for "%s" ranks %s first', async (search, expected) => {
    const { dataProducts } = await ask(`{ dataProducts(search: ${JSON.stringify(search)}) { dataProduct { urn } } }`);
    expect(dataProducts[0]?.dataProduct.urn).toBe(expected);
  });

  it('filters by domain, kind and tag', async () => {
    const urns = async (args: string) => (await ask(`{ dataProducts(${args}) { dataProduct { urn } } }`)).dataProducts.map((m: { dataProduct: { urn: string } }) => m.dataProduct.urn);
    expect(await urns('domain: "insights"')).toEqual([ENGAGEMENT, TOP_CHARTS]);
    expect(await urns('kind: AGGREGATE')).toEqual([ROYALTIES]);
    const artistsOnPlays = await urns('search: "plays", domain: "artists"');
    expect(artistsOnPlays[0]).toBe(ROYALTIES);
    expect(artistsOnPlays.every((urn: string) => urn.startsWith('urn:meshgraph:artists:'))).toBe(true);
    const tag = mesh.subgraphs.listeners.descriptors[0]!.tags[0]!;
    expect(await urns(`tag: "${tag.toUpperCase()}"`)).toContain('urn:meshgraph:listeners:listener-profiles:v1');
  });

  it('dataProduct(urn) has the schema with each field\'s classification, and exports that other catalogs import', async () => {
    const urn = 'urn:meshgraph:listeners:listener-profiles:v1';
    const { dataProduct } = await ask(`{ dataProduct(urn: "${urn}") { urn status kind team { email } retention terms { license } schema { name fields { name classification } } exports { odps odcs } } }`);
    const listener = dataProduct.schema.find((t: { name: string }) => t.name === 'Listener');
    expect(listener.fields).toContainEqual({ name: 'email', classification: 'pii' });
    expect(listener.fields).toContainEqual({ name: 'country', classification: expect.not.stringMatching(/^pii$/) });

    const odps = await fetch(dataProduct.exports.odps);
    expect(odps.headers.get('content-type')).toContain('application/vnd.odps+yaml');
    expect(parseYaml(await odps.text())).toMatchObject({ apiVersion: 'v1.0.0', kind: 'DataProduct', id: urn, status: 'active' });
    const odcs = await fetch(mesh.gateway.url.replace('/graphql', `/catalog/${urn}`), { headers: { accept: 'application/vnd.odcs+yaml' } });
    expect(parseYaml(await odcs.text())).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', id: `${urn}:contract` });

    const unknown = await fetch(mesh.gateway.url.replace('/graphql', '/catalog/urn:meshgraph:listeners:listener-profile:v1'));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toContain(`Did you mean "${urn}"`);
    const badFormat = await fetch(mesh.gateway.url.replace('/graphql', `/catalog/${urn}?format=csv`));
    expect(badFormat.status).toBe(400);
    expect((await ask('{ dataProduct(urn: "urn:meshgraph:nowhere:nothing:v1") { urn } }')).dataProduct).toBeNull();
  });

  it('lineage compares declared ports with observed consumption, and flags an undeclared dependency', async () => {
    // Top charts reads plays (declared); listener engagement reads royalties (declared nowhere); a web app reads the charts.
    await ask('{ plays(first: 1) { edges { node { id } } } }', 'insights/top-charts');
    await ask('{ royaltyLeaderboard(first: 1) { edges { node { id } } } }', ENGAGEMENT);
    await ask('{ topCharts(first: 1) { edges { node { rank } } } }', 'charts-web');

    const edgesOf = async (urn: string) =>
      (await ask(`{ lineage(urn: "${urn}", depth: 1) { edges { from to via declared observed undeclared } nodes { id kind label } } }`)).lineage;
    await vi.waitFor(async () => {
      const { edges } = await edgesOf(ROYALTIES);
      expect(edges).toContainEqual({ from: ROYALTIES, to: ENGAGEMENT, via: 'graphql', declared: false, observed: true, undeclared: true });
    }, { timeout: 5_000, interval: 50 });
    const plays = await edgesOf(PLAYS);
    expect(plays.edges).toContainEqual({ from: PLAYS, to: TOP_CHARTS, via: 'dataProduct', declared: true, observed: true, undeclared: false });
    // Listener engagement's stream reads plays: declared, and observed from what its input topic delivered.
    expect(plays.edges).toContainEqual({ from: PLAYS, to: ENGAGEMENT, via: 'dataProduct', declared: true, observed: true, undeclared: false });
    const { dataProduct: engagement } = await ask(`{ dataProduct(urn: "${ENGAGEMENT}") { figures { inputs { topic eventsIn } } } }`);
    expect(engagement.figures.inputs).toContainEqual({ topic: 'podcasts.episode-plays.v1', eventsIn: mesh.domains.podcasts.store.plays.length });
    const charts = await edgesOf(TOP_CHARTS);
    expect(charts.nodes).toContainEqual({ id: 'app:charts-web', kind: 'application', label: 'charts-web' });
    expect(charts.edges).toContainEqual({ from: TOP_CHARTS, to: 'app:charts-web', via: 'graphql', declared: false, observed: true, undeclared: false });
    // The consumers show on the product too.
    const { dataProduct } = await ask(`{ dataProduct(urn: "${TOP_CHARTS}") { figures { consumers { clientName count } } } }`);
    expect(dataProduct.figures.consumers).toContainEqual({ clientName: 'charts-web', count: 1 });
  });

  it('a frontend subscribed through the gateway shows as a consumer of the stream\'s data product, by the name it connected with', async () => {
    const live = subscribe(mesh.gateway.url, 'subscription { episodePlayed { cursor } }', { connectionParams: { 'apollographql-client-name': 'live-wall' } });
    try {
      await vi.waitFor(async () => {
        const { dataProduct } = await ask(`{ dataProduct(urn: "${PLAYS}") { figures { consumers { clientName } } } }`);
        expect(dataProduct.figures.consumers).toContainEqual({ clientName: 'live-wall' });
      }, { timeout: 5_000, interval: 50 });
    } finally {
      await live.close();
    }
  });

  it('polysemes: each with its key, URN pattern, owner, the domains that extend it and what each contributes', async () => {
    const { polysemes } = await ask('{ polysemes { name key urnPattern owner extendedBy facets { domain fields } } }');
    const listener = polysemes.find((p: { name: string }) => p.name === 'Listener');
    expect(listener).toMatchObject({ key: 'id', urnPattern: 'urn:meshgraph:listener:{id}', owner: 'listeners', extendedBy: ['insights'] });
    expect(listener.facets[0].domain).toBe('listeners');
    expect(listener.facets[0].fields).toEqual(expect.arrayContaining(['displayName', 'country', 'email']));
    expect(listener.facets[1]).toEqual({ domain: 'insights', fields: ['engagement'] });
    expect(polysemes.map((p: { name: string; owner: string; extendedBy: string[] }) => [p.name, p.owner, p.extendedBy])).toEqual([
      ['Artist', 'artists', []],
      ['Listener', 'listeners', ['insights']],
      ['Podcast', 'podcasts', ['artists']],
      ['Episode', 'podcasts', ['insights']],
    ]);
  });

  it('entity(urn) gives every domain\'s facet of one episode in one answer', async () => {
    const { podcasts, artists } = mesh.domains;
    const episode = podcasts.store.episodeById.get(podcasts.store.plays[0]!.episodeId)!;
    const podcast = podcasts.store.podcastById.get(episode.podcastId)!;
    const { entity } = await ask(`{
      entity(urn: "urn:meshgraph:episode:${episode.id}") {
        __typename
        ... on Episode {
          title
          chartRank
          podcast { title host { name } }
          plays(first: 1, orderBy: { field: OCCURRED_AT, direction: ASC }) { edges { node { listener { displayName engagement { segment } } } } }
        }
      }
    }`);
    expect(entity).toMatchObject({ __typename: 'Episode', title: episode.title, podcast: { title: podcast.title, host: { name: artists.store.byId.get(podcast.hostArtistId)!.name } } });
    expect(entity).toHaveProperty('chartRank');
    const player = entity.plays.edges[0].node.listener;
    expect(player.displayName).toEqual(expect.any(String));
    expect(player.engagement.segment).toEqual(expect.any(String));

    const { body } = await postGraphQL(mesh.gateway.url, { query: '{ entity(urn: "urn:meshgraph:song:s-1") { __typename } }' });
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(body.errors?.[0]?.message).toContain('urn:meshgraph:artist:{id}');
  });
});

/** A team that joins the mesh after the gateway started: notes about listeners, as a data product. */
const notesDomain: DomainDefinition = {
  name: 'notes',
  description: 'Notes the community team keeps about listeners.',
  team: { name: 'Community', email: 'community@example.com' },
  schema: {
    source: 'test/catalog/notes.graphql',
    sdl: /* GraphQL */ `
      type Query { "Community notes about a listener." listenerNotes(listenerId: ID!): [ListenerNote!]! }
      "A note the community team wrote about a listener."
      type ListenerNote { text: String! listener: Listener! }
      type Listener @key(fields: "id") { id: ID! }
    `,
  },
  resolvers: { Query: { listenerNotes: (_: unknown, { listenerId }: { listenerId: string }) => [{ text: 'Loves true crime.', listener: { id: listenerId } }] } },
  dataProducts: [
    {
      name: 'listener-notes',
      version: '1.0.0',
      kind: 'CONSUMER_ALIGNED',
      description: { purpose: 'What the community team knows about listeners.', usage: 'Moderation and outreach.', limitations: 'Hand-written, not complete.' },
      owner: { name: 'Ada Community', email: 'ada@example.com' },
      tags: ['community'],
      inputPorts: [{ kind: 'source', name: 'moderators', system: 'moderation tool' }],
      outputPorts: [{ kind: 'query', name: 'listener-notes', field: 'Query.listenerNotes' }],
      slos: { freshness: 'P1D', availability: 0.99, completeness: 0.5, intervalOfChange: 'P1D' },
      classification: { default: 'internal' },
      retention: 'P1Y',
      terms: { usage: 'Internal use only.', license: 'Proprietary' },
      measure: () => ({ recordCount: 1 }),
    },
  ],
};

describe('the catalog follows the mesh', () => {
  const leftovers = useLeftovers();

  it('a domain that comes up after the gateway appears in the catalog, and its data in the graph, with no gateway restart', async () => {
    const port = await freePort();
    const mesh = leftovers.track(
      await startMesh({
        extraSubgraphs: [{ name: 'notes', url: `http://127.0.0.1:${port}/graphql` }],
        gateway: { startupWaitMs: 300, supergraphPollMs: 50 },
      }),
    );
    expect(mesh.gatewayLog.some((line) => line.includes('starting without subgraphs') && line.includes('notes'))).toBe(true);
    const notesProducts = async () =>
      (await postGraphQL(mesh.gateway.url, { query: '{ dataProducts(domain: "notes") { dataProduct { urn owner { name } } } }' })).body.data?.dataProducts;
    expect(await notesProducts()).toEqual([]);

    leftovers.track(await createSubgraphServer({ domain: notesDomain, port, logger: captureLogger('notes') }));
    await vi.waitFor(async () => expect(await notesProducts()).toEqual([{ dataProduct: { urn: 'urn:meshgraph:notes:listener-notes:v1', owner: { name: 'Ada Community' } } }]), { timeout: 10_000, interval: 50 });
    const listener = mesh.domains.listeners.store.all[0]!;
    await vi.waitFor(async () => {
      const { body } = await postGraphQL(mesh.gateway.url, { query: `{ listenerNotes(listenerId: "${listener.id}") { text listener { displayName } } }` });
      expect(body).toEqual({ data: { listenerNotes: [{ text: 'Loves true crime.', listener: { displayName: listener.displayName } }] } });
    }, { timeout: 10_000, interval: 50 });
  });
});
