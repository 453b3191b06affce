import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Consumer } from '../../governance/Consumer.ts';
import { PLAYS_TOPIC, REGISTRATIONS_TOPIC, ROYALTIES_TOPIC } from '../../schema/events/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { createPlayer } from '../support/plays.ts';
import { postGraphQL } from '../support/http.ts';
import { subscribe } from '../support/subscriber.ts';

/**
 * The leak matrix: every confidential and personal field of the demo mesh
 * (and internal ones, to prove that rule too), on every path to it, for
 * every kind of consumer, gives exactly the value, the mask or the refusal the
 * mesh policy says; and no response of a consumer that may not read a value
 * carries that value anywhere. `MESHGRAPH_POLICY_FILE` runs it against
 * another policy: with any one rule weakened, it fails.
 */

const PRODUCTS = {
  profiles: 'urn:meshgraph:listeners:listener-profiles:v1',
  plays: 'urn:meshgraph:podcasts:episode-plays:v1',
  artists: 'urn:meshgraph:artists:artist-profiles:v1',
  royalties: 'urn:meshgraph:artists:artist-royalties:v1',
  engagement: 'urn:meshgraph:insights:listener-engagement:v1',
} as const;

type Level = 'internal' | 'confidential' | 'pii';
type Outcome = 'value' | 'null' | 'pseudonym' | 'unauthenticated';

/** One classified field and the operations that reach it; each selects it as `secret`. */
interface FieldCase {
  field: string;
  level: Level;
  query: string;
  /** `entity(urn)`, given an id of the polyseme. */
  entity?: (id: string) => string;
  /** A subscription replayed from the topic's start (`$after`). */
  subscription?: { query: string; topic: string };
}

const LISTENER = (pick: string) => ({
  query: `{ listeners(first: 5) { edges { node { id ${pick} } } } }`,
  entity: (id: string) => `{ entity(urn: "urn:meshgraph:listener:${id}") { ... on Listener { id ${pick} } } }`,
  subscription: { query: `subscription($after: String) { listenerRegistered(after: $after) { listener { id ${pick} } } }`, topic: REGISTRATIONS_TOPIC.name },
});

const CASES: FieldCase[] = [
  { field: 'Listener.email', level: 'pii', ...LISTENER('secret: email') },
  { field: 'Listener.birthYear', level: 'pii', ...LISTENER('secret: birthYear') },
  { field: 'Listener.displayName', level: 'confidential', ...LISTENER('secret: displayName') },
  { field: 'Listener.city', level: 'internal', ...LISTENER('secret: city') },
  {
    field: 'Play.secondsPlayed',
    level: 'internal',
    query: '{ plays(first: 5) { edges { node { id secret: secondsPlayed } } } }',
    subscription: { query: 'subscription($after: String) { episodePlayed(after: $after) { play { id secret: secondsPlayed } } }', topic: PLAYS_TOPIC.name },
  },
  {
    field: 'Play.country',
    level: 'confidential',
    query: '{ plays(first: 5) { edges { node { id secret: country } } } }',
    subscription: { query: 'subscription($after: String) { episodePlayed(after: $after) { play { id secret: country } } }', topic: PLAYS_TOPIC.name },
  },
  {
    field: 'Play.listener',
    level: 'confidential',
    query: '{ plays(first: 5) { edges { node { id secret: listener { id } } } } }',
    subscription: { query: 'subscription($after: String) { episodePlayed(after: $after) { play { id secret: listener { id } } } }', topic: PLAYS_TOPIC.name },
  },
  {
    field: 'Artist.royalties',
    level: 'confidential',
    query: '{ artists(first: 5) { edges { node { id secret: royalties { plays } } } } }',
    entity: (id) => `{ entity(urn: "urn:meshgraph:artist:${id}") { ... on Artist { id secret: royalties { plays } } } }`,
  },
  {
    field: 'Royalties.amount',
    level: 'confidential',
    query: '{ royaltyLeaderboard(first: 5) { edges { node { id royalties { secret: amount } } } } }',
    subscription: { query: 'subscription($after: String) { royaltiesChanged(after: $after) { royalties { secret: amount } } }', topic: ROYALTIES_TOPIC.name },
  },
  { field: 'ListenerEngagement.listener', level: 'confidential', query: '{ listenerEngagement(first: 5) { edges { node { plays secret: listener { id } } } } }' },
];

/** The kinds of consumer of the matrix, and the agreements each holds on every product above. */
const KINDS = ['anonymous', 'authenticated', 'agreement without PII purpose', 'agreement with PII purpose', 'revoked agreement', 'expired token', 'PII agreement, outside the EU'] as const;
type Kind = (typeof KINDS)[number];

const consumerOf = (kind: Kind): Consumer => ({
  id: `matrix-${KINDS.indexOf(kind)}`,
  kind: 'person',
  team: 'insights',
  owns: [],
  scopes: [],
  regions: kind === 'PII agreement, outside the EU' ? [] : ['EU'],
});

/** What the policy gives a kind of consumer of a field, where no row rule applies. */
function expected(kind: Kind, { field, level }: FieldCase): Outcome {
  switch (kind) {
    case 'expired token':
      return 'unauthenticated';
    case 'agreement with PII purpose':
    case 'PII agreement, outside the EU':
      return 'value';
    case 'agreement without PII purpose':
      return level !== 'pii' ? 'value' : field === 'Listener.email' ? 'pseudonym' : 'null';
    case 'authenticated':
    case 'revoked agreement':
      return level === 'internal' ? 'value' : 'null';
    default:
      return 'null';
  }
}

/** Every value selected as `secret`, anywhere in a result. */
function secrets(data: unknown): unknown[] {
  if (Array.isArray(data)) return data.flatMap(secrets);
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data).flatMap(([key, value]) => (key === 'secret' ? [value] : secrets(value)));
}

/** What a result gave of the field: null, a pseudonym, or values the owner reads too. */
function outcomeOf(result: { status?: number; body: { data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] } }, truth: readonly unknown[]): Outcome | string {
  if (result.status === 401 || result.body.errors?.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) return 'unauthenticated';
  const got = secrets(result.body.data);
  if (got.every((v) => v === null)) return 'null';
  if (got.every((v) => typeof v === 'string' && v.startsWith('pseudo:'))) return 'pseudonym';
  const known = new Set(truth.map((v) => JSON.stringify(v)));
  if (got.every((v) => known.has(JSON.stringify(v)))) return 'value';
  return `unexpected ${JSON.stringify(got).slice(0, 200)}`;
}

/** The truth's strings long enough that finding one in a response can only be a leak. */
const telling = (truth: readonly unknown[]) => truth.flatMap((v) => (typeof v === 'string' && v.length >= 6 ? [v] : typeof v === 'object' && v !== null ? Object.values(v).filter((x): x is string => typeof x === 'string' && x.length >= 6) : []));

describe('the leak matrix: every classified field × every path × every kind of consumer', () => {
  let mesh: GovernedMesh;
  const tokens = new Map<Kind, string | undefined>();
  let ownerToken: string;
  const ids: Record<string, string> = {};

  const query = (token: string | undefined, text: string, variables?: Record<string, unknown>) =>
    postGraphQL(mesh.gateway.url, { query: text, ...(variables ? { variables } : {}) }, token ? { authorization: token } : {});

  /** Requests access to every product for `purpose` as `consumer`, and has governance approve it (then revoke it). */
  const agree = async (token: string, purpose: string, revoke: boolean) => {
    for (const urn of Object.values(PRODUCTS)) {
      const asked = await query(token, `mutation($urn: ID!, $purpose: String!) { requestAccess(urn: $urn, purpose: $purpose, justification: "leak matrix") { id status } }`, { urn, purpose });
      const { id, status } = (asked.body.data as { requestAccess: { id: string; status: string } }).requestAccess;
      if (status === 'requested') await query(ownerToken, `mutation($id: ID!) { approveAccess(agreement: $id) { status } }`, { id });
      if (revoke) await query(ownerToken, `mutation($id: ID!) { revokeAccess(agreement: $id, reason: "leak matrix") { status } }`, { id });
    }
  };

  beforeAll(async () => {
    mesh = await startGovernedMesh(process.env['MESHGRAPH_POLICY_FILE'] ? { env: { MESHGRAPH_POLICY_FILE: process.env['MESHGRAPH_POLICY_FILE'] } } : {});
    ownerToken = await mesh.token('governance');
    for (const kind of KINDS) {
      tokens.set(kind, kind === 'anonymous' ? undefined : await mesh.token(consumerOf(kind), { ttlSeconds: kind === 'expired token' ? -60 : 600 }));
    }
        await agree(tokens.get('agreement without PII purpose')!, 'analytics', false);
    await agree(tokens.get('agreement with PII purpose')!, 'customer-support', false);
    await agree(tokens.get('PII agreement, outside the EU')!, 'customer-support', false);
    await agree(tokens.get('revoked agreement')!, 'customer-support', true);
    // Royalty changes come from plays: new ones of a dozen shows (hosts), so the royalties topic has events to replay.
    const royalties = await collectRecords(mesh.log, { topic: ROYALTIES_TOPIC.name });
    const play = createPlayer(mesh, 'matrix');
    const { store } = mesh.domains.podcasts;
    for (const show of store.podcasts.slice(0, 12)) await play({ episodeId: store.episodes.find((e) => e.podcastId === show.id)!.id, secondsPlayed: 120 });
    await royalties.waitFor(5);
    await royalties.reader.close();
    const first = await query(ownerToken, '{ listeners(first: 1, country: "US") { edges { node { id } } } artists(first: 1) { edges { node { id } } } }');
    const data = first.body.data as { listeners: { edges: { node: { id: string } }[] }; artists: { edges: { node: { id: string } }[] } };
    ids['listener'] = data.listeners.edges[0]!.node.id;
    ids['artist'] = data.artists.edges[0]!.node.id;
  }, 120_000);
  afterAll(() => mesh?.close());

  describe.each(CASES)('$field ($level)', (fieldCase) => {
    it('HTTP query', async () => {
      const truth = secrets((await query(ownerToken, fieldCase.query)).body.data);
      expect(truth.length, 'the owner reads some values to compare with').toBeGreaterThan(0);
      const results = await Promise.all(KINDS.map((kind) => query(tokens.get(kind), fieldCase.query)));
      for (const [i, kind] of KINDS.entries()) {
        const result = results[i]!;
        // Outside the EU the listeners of EU countries are masked row by row: the test of the row rule checks those.
        if (!(kind === 'PII agreement, outside the EU' && fieldCase.field.startsWith('Listener.'))) expect(outcomeOf(result, truth), kind).toBe(expected(kind, fieldCase));
        if (expected(kind, fieldCase) !== 'value') for (const secret of telling(truth)) expect(JSON.stringify(result.body), `${kind} leaks`).not.toContain(secret);
      }
    });

    // Only the paths that reach the field are tests: no case is skipped.
    if (fieldCase.entity) it('entity(urn)', async () => {
      const text = fieldCase.entity!(fieldCase.field.startsWith('Listener.') ? ids['listener']! : ids['artist']!);
      const truth = secrets((await query(ownerToken, text)).body.data);
      expect(truth.length).toBe(1);
      const results = await Promise.all(KINDS.map((kind) => query(tokens.get(kind), text)));
      for (const [i, kind] of KINDS.entries()) {
        const result = results[i]!;
        expect(outcomeOf(result, truth), kind).toBe(expected(kind, fieldCase));
        if (expected(kind, fieldCase) !== 'value') for (const secret of telling(truth)) expect(JSON.stringify(result.body), `${kind} leaks`).not.toContain(secret);
      }
    });

    if (fieldCase.subscription) it('subscription', async () => {
      const { query: text, topic } = fieldCase.subscription!;
      const variables = { after: topicCursor(topic, {}) };
      /** The first `count` events from the topic's start (their order across partitions may differ from one subscription to the next). */
      const events = async (token: string | undefined, count: number) => {
        const subscriber = subscribe(mesh.gateway.url, text, { variables, connectionParams: token ? { authorization: token } : {} });
        try {
          const refused = subscriber.ended.then((end) => ({ status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED', end: String(end) } }] } }));
          const results = [];
          for (let i = 0; i < count; i++) results.push(await Promise.race([subscriber.next().then((result) => ({ status: 200, body: result })), refused]));
          return results;
        } finally {
          await subscriber.close();
        }
      };
      const truth = (await events(ownerToken, 5)).flatMap((event) => secrets((event.body as { data?: unknown }).data));
      expect(truth.length).toBe(5);
      const kinds = KINDS.filter((kind) => !(kind === 'PII agreement, outside the EU' && fieldCase.field.startsWith('Listener.')));
      const results = await Promise.all(kinds.map(async (kind) => (await events(tokens.get(kind), 1))[0]));
      for (const [i, kind] of kinds.entries()) {
        const result = results[i];
        expect(outcomeOf(result!, truth), kind).toBe(expected(kind, fieldCase));
        if (expected(kind, fieldCase) !== 'value') for (const secret of telling(truth)) expect(JSON.stringify(result!.body), `${kind} leaks`).not.toContain(secret);
      }
    });
  });

  it('outside the EU, a PII agreement reads the personal data of listeners elsewhere, never of EU listeners (rule eu-personal-data-stays-in-eu)', async () => {
    const text = '{ listeners(first: 40) { edges { node { id country email } } } }';
    const truth = (await query(ownerToken, text)).body.data as { listeners: { edges: { node: { id: string; country: string; email: string } }[] } };
    const result = await query(tokens.get('PII agreement, outside the EU'), text);
    const rows = (result.body.data as typeof truth).listeners.edges.map((e) => e.node);
    const eu = new Set(mesh.governance.policy.regions['EU']);
    expect(rows.some((r) => eu.has(r.country)) && rows.some((r) => !eu.has(r.country)), 'the page mixes EU and other listeners').toBe(true);
    truth.listeners.edges.forEach(({ node }, i) => expect(rows[i]!.email, node.country).toBe(eu.has(node.country) ? null : node.email));
    expect(result.body.errors?.some((e) => e.extensions?.['rule'] === 'eu-personal-data-stays-in-eu')).toBe(true);
  });

  it('the catalog and its exports show descriptors and figures to anyone, never a record value', { timeout: 90_000 }, async () => {
    const truths = await Promise.all(CASES.map(async (fieldCase) => telling(secrets((await query(ownerToken, fieldCase.query)).body.data))));
    const values = new Set(truths.flat());
    expect(values.size).toBeGreaterThan(5);
    const CATALOG = `{ dataProducts(first: 50) { dataProduct { urn owner { name email } schema { name fields { name classification } } figures { recordCount consumers { clientName } } access { complete fields { field decision } } } }
      lineage(urn: "${PRODUCTS.profiles}", depth: 2) { nodes { id label } } }`;
    const catalogs = await Promise.all(KINDS.map((kind) => query(tokens.get(kind), CATALOG)));
    for (const [i, kind] of KINDS.entries()) {
      const result = catalogs[i]!;
      if (kind === 'expired token') {
        expect(result.status).toBe(401);
        continue;
      }
      expect((result.body.data as { dataProducts: unknown[] }).dataProducts.length, kind).toBeGreaterThan(5);
      for (const value of values) expect(JSON.stringify(result.body), `${kind} catalog`).not.toContain(value);
    }
    // The catalog promises what queries give: podcast-catalog describes plays by its public default, but episode-plays classifies Play.country explicitly.
    const catalogView = await query(tokens.get('authenticated'), '{ dataProduct(urn: "urn:meshgraph:podcasts:podcast-catalog:v1") { access { fields { field decision } } } }');
    expect((catalogView.body.data as { dataProduct: { access: { fields: { field: string; decision: string }[] } } }).dataProduct.access.fields).toContainEqual({ field: 'Play.country', decision: 'masked' });
    const exported = (urn: string, format: string, kind: Kind) =>
      fetch(new URL(`/catalog/${encodeURIComponent(urn)}?format=${format}`, mesh.gateway.url), { headers: tokens.get(kind) ? { authorization: tokens.get(kind)! } : {} });
    const exports = Object.values(PRODUCTS).flatMap((urn) => ['odps', 'odcs'].flatMap((format) => (['anonymous', 'authenticated'] as const).map((kind) => ({ urn, format, kind }))));
    await Promise.all(
      exports.map(async ({ urn, format, kind }) => {
        const response = await exported(urn, format, kind);
        const text = await response.text();
        expect(response.status, `${urn} ${format} as ${kind}`).toBe(200);
        for (const value of values) expect(text, `${urn} ${format}`).not.toContain(value);
      }),
    );
    expect((await exported(PRODUCTS.profiles, 'odcs', 'expired token')).status).toBe(401);
    // Exports are audited like any access: the owner sees who exported its contract.
    await mesh.governance.audit.flush?.();
    const log = await query(await mesh.token('listeners-owner'), `{ accessLog(urn: "${PRODUCTS.profiles}", consumer: "${consumerOf('authenticated').id}") { path } }`);
    expect((log.body.data as { accessLog: { path: string }[] }).accessLog.map((r) => r.path)).toContain('export');
  });

  it("a domain's own port and its _entities answer only the gateway and the domain's owner: every consumer above is refused", async () => {
    const listeners = mesh.subgraphs.listeners.url;
    const direct = [`{ listeners(first: 5) { edges { node { id email } } } }`, `{ _entities(representations: [{ __typename: "Listener", id: "${ids['listener']}" }]) { ... on Listener { id email } } }`];
    for (const text of direct) {
      for (const kind of KINDS) {
        const result = await postGraphQL(listeners, { query: text }, tokens.get(kind) ? { authorization: tokens.get(kind)! } : {});
        expect([401, 403], `${kind}: ${text}`).toContain(result.status);
        expect(result.body.data ?? null).toBeNull();
      }
      // Even a consumer with a PII agreement goes through the gateway: the agreement is enforced there, not bypassed here.
      const owner = await postGraphQL(listeners, { query: text }, { authorization: await mesh.token('listeners-owner') });
      expect(owner.status).toBe(200);
      expect(secrets({ secret: owner.body.data }).length).toBe(1);
    }
  });
});
