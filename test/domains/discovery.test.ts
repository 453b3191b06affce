import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_TOPIC, PLAYS_TOPIC, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import type { DiscoveredDataProduct } from '../../schema/index.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { startMesh, type DomainName, type TestMesh } from '../support/mesh.ts';
import { ask } from './analyst.ts';

interface Discovery {
  domain: { name: string; description: string; team: { name: string; email: string } };
  dataProducts: DiscoveredDataProduct[];
}

/** The data products each domain publishes, with their kind. */
const EXPECTED: Record<DomainName, Record<string, string>> = {
  listeners: { 'listener-profiles': 'SOURCE_ALIGNED' },
  podcasts: { 'podcast-catalog': 'SOURCE_ALIGNED', 'episode-plays': 'SOURCE_ALIGNED' },
  artists: { 'artist-profiles': 'SOURCE_ALIGNED', 'artist-royalties': 'AGGREGATE' },
  insights: { 'top-charts': 'CONSUMER_ALIGNED', 'listener-engagement': 'CONSUMER_ALIGNED' },
};
const DOMAINS = Object.keys(EXPECTED) as DomainName[];

const latest = (records: readonly { occurredAt: string }[]) => records.reduce((max, r) => (r.occurredAt > max ? r.occurredAt : max), '');

describe('discovery: an analyst finds the data products of each domain', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh;
  const discovered = {} as Record<DomainName, Discovery>;
  let queryFields: Set<string>;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh());
    for (const name of DOMAINS) {
      const { status, headers, body } = await getJson<Discovery>(mesh.subgraphs[name].url.replace(/\/graphql$/, '/data-products'));
      expect(status).toBe(200);
      expect(headers.get('content-type')).toContain('application/json');
      discovered[name] = body;
    }
    const data = await ask(mesh.gateway.url, '{ __schema { queryType { fields { name } } } }');
    queryFields = new Set(data.__schema.queryType.fields.map((f: { name: string }) => `Query.${f.name}`));
  });
  const product = (domain: DomainName, name: string) => discovered[domain].dataProducts.find((p) => p.name === name)!;

  it.each(DOMAINS)('%s: names the domain and its team, and lists exactly its data products with urn and kind', (name) => {
    const { domain, dataProducts } = discovered[name];
    const definition = mesh.domains[name];
    expect(domain).toEqual({ name, description: definition.description, team: definition.team });
    expect(domain.team.email).toMatch(/^[^@\s]+@[^@\s]+$/);
    expect(Object.fromEntries(dataProducts.map((p) => [p.name, p.kind]))).toEqual(EXPECTED[name]);
    for (const p of dataProducts) {
      expect(p.urn).toBe(`urn:meshgraph:${name}:${p.name}:v1`);
      expect(p.version).toMatch(/^1\.\d+\.\d+$/);
      expect([p.domain, p.status, p.team]).toEqual([name, 'active', definition.team]);
      expect(p.owner.name.length).toBeGreaterThan(0);
      expect(p.owner.email).toMatch(/^[^@\s]+@[^@\s]+$/);
      for (const part of ['purpose', 'usage', 'limitations'] as const) expect(p.description[part].length, part).toBeGreaterThan(10);
    }
  });

  it.each(DOMAINS)('%s: output ports name Query fields the gateway serves, and the schema section describes what they return', (name) => {
    for (const p of discovered[name].dataProducts) {
      const queryPorts = p.outputPorts.filter((port) => port.kind === 'query');
      expect(queryPorts.length, p.name).toBeGreaterThan(0);
      for (const port of queryPorts) expect(queryFields.has(port.field), `${p.name}: ${port.field}`).toBe(true);
      expect(p.schema.length, p.name).toBeGreaterThan(0);
      for (const type of p.schema) for (const field of type.fields) expect(['public', 'internal', 'confidential', 'pii']).toContain(field.classification);
    }
  });

  it('listener-profiles classifies email and birth year as pii in its schema section, other fields by its default', () => {
    const profiles = product('listeners', 'listener-profiles');
    const listener = profiles.schema.find((t) => t.name === 'Listener')!;
    const classOf = Object.fromEntries(listener.fields.map((f) => [f.name, f.classification]));
    expect(classOf).toMatchObject({ email: 'pii', birthYear: 'pii', displayName: 'confidential', country: 'internal', plan: 'internal' });
    // Nullable: the gateway masks it (null) for a caller the policy does not allow.
    expect(listener.fields.find((f) => f.name === 'email')).toMatchObject({ type: 'String' });
    expect(profiles.classification).toEqual({ default: 'internal', fields: { 'Listener.email': 'pii', 'Listener.birthYear': 'pii', 'Listener.displayName': 'confidential' }, pseudonymise: ['Listener.email'] });
    expect(Object.entries(classOf).filter(([, c]) => c === 'pii').map(([f]) => f).sort()).toEqual(['birthYear', 'email']);
    expect(profiles.schema.map((t) => t.name)).toEqual(expect.arrayContaining(['ListenerConnection', 'ListenerEdge', 'Listener', 'PageInfo']));
  });

  it('artist-royalties is built from episode-plays, and every input port of the mesh names a data product that is discovered', () => {
    expect(product('artists', 'artist-royalties').inputPorts).toEqual([
      {
        kind: 'dataProduct',
        name: 'plays',
        urn: 'urn:meshgraph:podcasts:episode-plays:v1',
        description: 'Consumed from the topic podcasts.episode-plays.v1; each play is checked against the quality rules of episode-plays\' contract before it counts.',
      },
      { kind: 'dataProduct', name: 'episodes', urn: 'urn:meshgraph:podcasts:podcast-catalog:v1', description: 'Consumed from the topic podcasts.podcast-catalog.v1: the episodes plays must refer to.' },
    ]);
    expect(product('insights', 'listener-engagement').inputPorts.map((port) => (port.kind === 'dataProduct' ? port.urn : port.kind)).sort()).toEqual([
      'urn:meshgraph:listeners:listener-profiles:v1',
      'urn:meshgraph:podcasts:episode-plays:v1',
    ]);
    const urns = new Set(DOMAINS.flatMap((name) => discovered[name].dataProducts.map((p) => p.urn)));
    for (const name of DOMAINS) {
      for (const p of discovered[name].dataProducts) {
        for (const port of p.inputPorts) {
          if (port.kind === 'dataProduct') expect(urns.has(port.urn), `${p.urn} reads ${port.urn}`).toBe(true);
          // Source-aligned products read operational systems, never other products.
          if (p.kind === 'SOURCE_ALIGNED') expect(port.kind, p.urn).not.toBe('dataProduct');
        }
        if (p.kind !== 'SOURCE_ALIGNED') expect(p.inputPorts.some((port) => port.kind === 'dataProduct'), p.urn).toBe(true);
      }
    }
  });

  it('figures count the records each product holds, and lastEventAt is its newest occurredAt', () => {
    const { listeners, podcasts, artists } = mesh.domains;
    const { plays } = podcasts.store;
    const playedEpisodes = new Set(plays.map((p) => p.episodeId)).size;
    // Products fed by streams also count what their input ports delivered, and their dead letters.
    // What each input topic delivered: every play (and registration) of the log.
    const playsIn = { topic: PLAYS_TOPIC.name, eventsIn: plays.length, lastEventAt: latest(plays) };
    // Plays are checked against the episodes podcast-catalog publishes: every play of the demo passes every rule.
    const episodesIn = { topic: CATALOG_TOPIC.name, eventsIn: podcasts.store.episodes.length, lastEventAt: latest(podcasts.store.episodes) };
    const quality = { checked: plays.length, valid: plays.length, validity: 1, completeness: 1, quarantined: 0, violations: [] };
    // Nothing live happened in this mesh: no royalty or chart change was published.
    const expected: Record<string, { recordCount: number; lastEventAt: string; eventsIn?: number; eventsOut?: number; deadLetters?: number; inputs?: unknown[]; quality?: unknown; checkpointsSetAside?: number; checkpointsPastEnd?: number }> = {
      'listener-profiles': { recordCount: listeners.store.all.length, lastEventAt: latest(listeners.store.all), eventsIn: listeners.store.all.length, eventsOut: listeners.store.all.length },
      'podcast-catalog': {
        recordCount: podcasts.store.podcasts.length + podcasts.store.episodes.length,
        lastEventAt: latest([...podcasts.store.podcasts, ...podcasts.store.episodes]),
      },
      'episode-plays': { recordCount: plays.length, lastEventAt: latest(plays), eventsIn: plays.length, eventsOut: plays.length },
      'artist-profiles': { recordCount: artists.store.artists.length, lastEventAt: latest(artists.store.artists) },
      // It resumes from checkpoints, and none had to be set aside.
      'artist-royalties': { recordCount: new Set(plays.map((p) => p.hostArtistId)).size, lastEventAt: latest(plays), eventsIn: plays.length, eventsOut: 0, deadLetters: 0, inputs: [playsIn, episodesIn], quality, checkpointsSetAside: 0, checkpointsPastEnd: 0 },
      'top-charts': { recordCount: Math.min(100, playedEpisodes), lastEventAt: latest(plays), eventsIn: plays.length, eventsOut: 0, deadLetters: 0, inputs: [playsIn, episodesIn], quality },
      // Every registered listener has an engagement, DORMANT until they play.
      'listener-engagement': {
        recordCount: mesh.domains.listeners.store.all.length,
        lastEventAt: latest(plays),
        deadLetters: 0,
        inputs: [playsIn, { topic: REGISTRATIONS_TOPIC.name, eventsIn: listeners.store.all.length, lastEventAt: latest(listeners.store.all) }],
        quality,
      },
    };
    const figures = Object.fromEntries(DOMAINS.flatMap((name) => discovered[name].dataProducts.map((p) => [p.name, p.figures])));
    // The kit adds who consumed each product, the rate of what came in over the last minute and its events over time
    // (no point counts the history read back at start-up), and whether a record newer than the domain's start came in
    // (none did: the demo's history is older, so freshness is not judged yet).
    const counted = (f: { eventsIn?: number; eventsOut?: number }) => f.eventsIn !== undefined || f.eventsOut !== undefined;
    const withKitFigures = Object.fromEntries(
      Object.entries(expected).map(([name, f]) => [
        name,
        {
          ...f,
          consumers: [],
          fedSinceStart: false,
          ...(f.eventsIn !== undefined ? { eventsInPerSecond: expect.any(Number) } : {}),
          ...(f.eventsOut !== undefined ? { eventsOutPerSecond: expect.any(Number) } : {}),
          ...(counted(f) ? { eventsOverTime: expect.any(Array) } : {}),
        },
      ]),
    );
    expect(figures).toEqual(withKitFigures);
    for (const f of Object.values(figures)) for (const point of f?.eventsOverTime ?? []) expect((point.eventsIn ?? 0) + (point.eventsOut ?? 0)).toBe(0);
    expect(figures['episode-plays']!.recordCount).toBe(6_000);
  });

  it('GET /health of every subgraph and of the gateway answers status ok', async () => {
    for (const name of DOMAINS) {
      const { status, body } = await getJson(mesh.subgraphs[name].url.replace(/\/graphql$/, '/health'));
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', domain: name });
    }
    const gateway = await getJson(mesh.gateway.url.replace(/\/graphql$/, '/health'));
    expect(gateway.status).toBe(200);
    expect(gateway.body).toMatchObject({ status: 'ok', subgraphs: { listeners: 'up', podcasts: 'up', artists: 'up', insights: 'up' } });
  });
});
