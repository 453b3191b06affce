import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { HEADERS } from '../../eventlog/index.ts';
import { createGateway, createMeshCatalog, type Gateway } from '../../gateway/index.ts';
import { catalogProducts } from '../../governance/agreements/index.ts';
import { createGovernance, type GatewayGovernance } from '../../governance/createGovernance.ts';
import { claimsOf, issueToken, readTokenKeys, type TokenKeys } from '../../governance/identity/index.ts';
import { createMeshNotifications, type MeshNotifications } from '../../governance/notifications/index.ts';
import { readMeshPolicy } from '../../governance/policy/index.ts';
import { breakingChangeCheck } from '../../registry/checks/index.ts';
import { createMeshRegistry, domainPublication, type MeshRegistry } from '../../registry/index.ts';
import { createLifecycleBook, publishedProducts, type LifecycleBook } from '../../registry/lifecycle/index.ts';
import { createFieldUsageLog, createFieldUsageRecorder } from '../../registry/usage/index.ts';
import { LISTENER_REGISTERED_VERSIONS, REGISTRATIONS_TOPIC } from '../../schema/events/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { createTestDomains, SMALL_TEST_DATA, startSubgraphs, type TestSubgraphs } from '../support/mesh.ts';
import { subscribe, type Subscriber } from '../support/subscriber.ts';

const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const NOTIFICATIONS = 'subscription($since: DateTime) { notifications(since: $since) { id kind urn at consumer message fields operations successor sunset } }';
const EPOCH = '2000-01-01T00:00:00.000Z';
/** How long freshness may stay beyond its SLO before it is told: short, so that a breach lasts past it while the test waits for it. */
const SLO_BREACH_MS = 300;

interface Told {
  id: string;
  kind: string;
  urn: string;
  at: string;
  consumer: string | null;
  message: string;
  fields: string[] | null;
  operations: string[] | null;
  successor: string | null;
  sunset: string | null;
}

/** One gateway replica as the command line runs it: governance, the registry, the lifecycle book, usage recorded, and notifications. */
interface Replica {
  gateway: Gateway;
  governance: GatewayGovernance;
  registry: MeshRegistry;
  lifecycle: LifecycleBook;
  notifications: MeshNotifications;
  /** Appends what the replica counted and reads every replica's usage back. */
  flushUsage(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The listeners domain made to show each notification quickly: its profiles
 * promise a freshness of three seconds, and `Listener.city` is deprecated with
 * a sunset. Two gateway replicas serve it from the registry on one event log.
 */
describe('notifications of a data product’s life reach the consumers it affects', () => {
  let mesh: TestSubgraphs<'listeners'>;
  let keys: TokenKeys;
  let env: Record<string, string>;
  let first: Replica;
  let second: Replica;
  const closing: (() => Promise<void>)[] = [];
  const subscribers: Subscriber<{ notifications: Told }>[] = [];

  const startReplica = async (publish: boolean): Promise<Replica> => {
    const logger = captureLogger('gateway');
    const { log } = mesh;
    const usage = createFieldUsageLog({ log, logger });
    const recorder = createFieldUsageRecorder({ log, logger, flushMs: 3_600_000 });
    const flushUsage = async () => {
      await recorder.flush();
      await usage.sync();
    };
    const catalog = createMeshCatalog({ subgraphs: [{ name: 'listeners', url: mesh.subgraphs.listeners.url }], subgraphSdls: () => [], logger });
    let notifications: MeshNotifications | undefined;
    const governance = await createGovernance({
      env,
      log,
      products: catalogProducts(catalog),
      notifications: (agreements) => (notifications = createMeshNotifications({ log, agreements, usage, sloBreachMs: SLO_BREACH_MS, logger })).source,
      logger,
    });
    const registry: MeshRegistry = createMeshRegistry({
      log,
      policy: governance.policy,
      extraChecks: [breakingChangeCheck({ usage: async () => (await flushUsage(), usage.usage()), published: (name) => registry.list().find((s) => s.name === name) })],
      logger,
    });
    await registry.ready;
    if (publish) {
      const publication = await domainPublication(mesh.domains.listeners, { url: mesh.subgraphs.listeners.url, version: '1', policy: readMeshPolicy(env) });
      const { published, reports } = await registry.publish(DEMO_CONSUMERS['governance'], [publication]);
      if (!published) throw new Error(`Publishing listeners was refused: ${JSON.stringify(reports)}`);
    }
    const lifecycle = createLifecycleBook({ log, products: publishedProducts(registry), logger });
    await Promise.all([lifecycle.ready, notifications!.ready]);
    const gateway = await createGateway({ registry, lifecycle, governance, credential: governance.credential, fieldUsage: recorder, notifications: notifications!, rateLimits: false, healthProbeMs: 0, backoff: { initialDelayMs: 20, maxDelayMs: 200 }, logger });
    await gateway.ready;
    return {
      gateway,
      governance,
      registry,
      lifecycle,
      notifications: notifications!,
      flushUsage,
      async close() {
        await gateway.close();
        await Promise.all([lifecycle.close(), registry.close(), recorder.close()]);
        await governance.close();
        await Promise.all([notifications!.close(), usage.close()]);
      },
    };
  };

  beforeAll(async () => {
    const domains = createTestDomains(SMALL_TEST_DATA);
    const profiles = domains.listeners.dataProducts[0]!;
    profiles.slos = { ...profiles.slos, freshness: 'PT3S' };
    domains.listeners.schema = { ...domains.listeners.schema, sdl: domains.listeners.schema.sdl.replace('  city: String!', '  city: String! @deprecated(reason: "Use country. Sunset 2099-12-31")') };
    mesh = await startSubgraphs({ only: ['listeners'], domains });
    closing.push(mesh.close);
    env = { MESHGRAPH_DATA_DIR: mesh.dataDir };
    first = await startReplica(true);
    closing.push(first.close);
    second = await startReplica(false);
    closing.push(second.close);
    keys = await readTokenKeys(env);
  });
  afterAll(async () => {
    await Promise.all(subscribers.map((s) => s.close()));
    for (const step of closing.splice(0).reverse()) await step();
  });

  const token = async (id: string) => `Bearer ${await issueToken(claimsOf(DEMO_CONSUMERS[id]!), keys.signing!)}`;
  const listen = async (id: string, replica = first, since = new Date().toISOString()) => {
    const subscriber = subscribe<{ notifications: Told }>(replica.gateway.url, NOTIFICATIONS, { variables: { since }, connectionParams: { authorization: await token(id) } });
    subscribers.push(subscriber);
    return subscriber;
  };
  /** The next notification of one of `kinds` (the subscriber may hear of other things meanwhile). */
  const nextOf = async (subscriber: Subscriber<{ notifications: Told }>, ...kinds: string[]) => {
    for (;;) {
      const result = await subscriber.next();
      expect(result.errors).toBeUndefined();
      if (kinds.includes(result.data!.notifications.kind)) return result.data!.notifications;
    }
  };
  const graphql = async (id: string, query: string, variables: Record<string, unknown> = {}) => {
    const { body } = await postGraphQL(first.gateway.url, { query, variables }, { authorization: await token(id) });
    expect(body.errors).toBeUndefined();
    return body.data!;
  };
  /** charts-web reads the listeners' countries: observed use of listener-profiles. */
  const readCountries = () => graphql('charts-web', 'query Countries { listeners(first: 2) { edges { node { id country } } } }');
  /** The consumer asks for access and the owner turns it down: the consumer hears of it after whatever was told before. */
  const turnDown = async (id: string) => {
    const { requestAccess } = (await graphql(id, 'mutation($urn: ID!) { requestAccess(urn: $urn, purpose: "analytics", justification: "a marker") { id } }', { urn: PROFILES })) as { requestAccess: { id: string } };
    await graphql('listeners-owner', 'mutation($id: ID!) { rejectAccess(agreement: $id, reason: "marker") { id } }', { id: requestAccess.id });
  };
  const register = (id: string) =>
    mesh.log.append(REGISTRATIONS_TOPIC.name, [
      {
        key: id,
        value: JSON.stringify({ listenerId: id, displayName: 'Fresh Listener', email: `${id}@example.com`, birthYear: 1990, country: 'GB', city: 'Leeds', preferredDevice: 'MOBILE', plan: 'FREE', occurredAt: new Date().toISOString() }),
        headers: { [HEADERS.producer]: REGISTRATIONS_TOPIC.owner, [HEADERS.schemaVersion]: LISTENER_REGISTERED_VERSIONS[0] },
      },
    ]);

  it('a publication that would break a consumer’s recorded use is refused, and that consumer and the owners hear which fields and operations', async () => {
    await readCountries();
    const web = await listen('charts-web');
    const owner = await listen('listeners-owner');
    const publication = await domainPublication(mesh.domains.listeners, { url: mesh.subgraphs.listeners.url, version: '2', policy: readMeshPolicy(env) });
    const { published, reports } = await first.registry.publish(DEMO_CONSUMERS['listeners-owner'], [{ ...publication, sdl: publication.sdl.replace(/\n\s*country: String![^\n]*/, '') }]);
    expect(published).toBe(false);
    expect(reports[0]!.problems).toContainEqual(expect.objectContaining({ check: 'breaking-change', severity: 'error', coordinate: 'Listener.country' }));

    const told = await nextOf(web, 'BREAKING_CHANGE_PROPOSED');
    expect(told).toMatchObject({ urn: PROFILES, fields: ['Listener.country'], operations: ['Countries'] });
    expect(told.message).toContain(`it would break Listener.country of ${PROFILES}, used by charts-web.`);
    expect(await nextOf(owner, 'BREAKING_CHANGE_PROPOSED')).toMatchObject({ id: told.id, fields: ['Listener.country'] });
  });

  it('a consumer that uses a field deprecated with a sunset hears of it once a day, and so do the owners', async () => {
    const analyst = await listen('analyst');
    const owner = await listen('listeners-owner');
    const cities = 'query Cities { listeners(first: 2) { edges { node { id city } } } }';
    await graphql('analyst', cities);
    const told = await nextOf(analyst, 'DEPRECATED_FIELD_USED', 'ACCESS_REJECTED');
    expect(told).toMatchObject({ kind: 'DEPRECATED_FIELD_USED', urn: PROFILES, consumer: 'analyst', fields: ['Listener.city'], operations: ['Cities'], sunset: '2099-12-31' });
    expect(await nextOf(owner, 'DEPRECATED_FIELD_USED')).toMatchObject({ id: told.id });

    // Used again the same day, on either replica: the next thing the analyst hears is the marker, not the field again.
    await graphql('analyst', cities);
    await postGraphQL(second.gateway.url, { query: cities }, { authorization: await token('analyst') });
    await turnDown('analyst');
    expect((await nextOf(analyst, 'DEPRECATED_FIELD_USED', 'ACCESS_REJECTED')).kind).toBe('ACCESS_REJECTED');
  });

  it('a breach of the freshness SLO that lasts is told once, with its recovery, by two replicas that both watch it', async () => {
    // The demo's registrations are years old, but a quiet product is not judged: a registration feeds it, then
    // nothing more arrives, and listener-profiles is in breach three seconds later.
    const onFirst = await listen('listeners-owner', first, EPOCH);
    const onSecond = await listen('listeners-owner', second, EPOCH);
    await register('l-fresh-0');
    const breach = await nextOf(onSecond, 'SLO_BREACH', 'SLO_RECOVERED');
    expect(breach).toMatchObject({ kind: 'SLO_BREACH', urn: PROFILES });
    expect(await nextOf(onFirst, 'SLO_BREACH')).toMatchObject({ id: breach.id });

    // A registration now makes it fresh: the breach ends, told once on each replica.
    await register('l-fresh-1');
    const recovered = await nextOf(onSecond, 'SLO_BREACH', 'SLO_RECOVERED');
    expect(recovered).toMatchObject({ kind: 'SLO_RECOVERED', id: `slo-recovered:${breach.id.slice('slo:'.length)}` });
    expect(await nextOf(onFirst, 'SLO_BREACH', 'SLO_RECOVERED')).toMatchObject({ id: recovered.id });

    // Nothing more arrives: a second breach starts three seconds after that registration and is told once it lasted.
    const again = await nextOf(onSecond, 'SLO_BREACH', 'SLO_RECOVERED');
    expect(again.kind).toBe('SLO_BREACH');
    expect(again.id).not.toBe(breach.id);
    expect(await nextOf(onFirst, 'SLO_BREACH', 'SLO_RECOVERED')).toMatchObject({ id: again.id });
    const { notifications } = (await graphql('listeners-owner', 'query { notifications(first: 100) { id kind } }')) as { notifications: { id: string; kind: string }[] };
    expect(notifications.filter((n) => n.id === again.id)).toHaveLength(1);
  });

  it('the same notification appended by two replicas at once is told once', async () => {
    const governance = await listen('governance', second);
    const notification = { id: `retired:${PROFILES}:twice`, kind: 'DATA_PRODUCT_RETIRED' as const, urn: PROFILES, at: new Date().toISOString(), message: 'told twice', to: { consumers: [], owners: ['listeners'] } };
    await Promise.all([first.notifications.topic.publish(notification), second.notifications.topic.publish(notification)]);
    expect(await nextOf(governance, 'DATA_PRODUCT_RETIRED')).toMatchObject({ id: notification.id });
    await turnDown('charts-web');
    expect((await nextOf(governance, 'DATA_PRODUCT_RETIRED', 'ACCESS_REJECTED')).kind).toBe('ACCESS_REJECTED');
  });

  it('an anonymous caller is refused its notifications, and sees none of a product', async () => {
    const { body } = await postGraphQL(first.gateway.url, { query: 'query($urn: ID!) { dataProduct(urn: $urn) { notifications { id } } }', variables: { urn: PROFILES } });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ dataProduct: { notifications: [] } });
    const refused = await postGraphQL(first.gateway.url, { query: '{ notifications { id } }' });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('a replica started later replays, with since, what was told before it started', async () => {
    const { notifications } = (await graphql('listeners-owner', 'query { notifications(first: 100) { id kind } }')) as { notifications: { id: string; kind: string }[] };
    const refused = notifications.find((n) => n.kind === 'BREAKING_CHANGE_PROPOSED')!;
    const late = await startReplica(false);
    closing.push(late.close);
    const owner = await listen('listeners-owner', late, EPOCH);
    expect(await nextOf(owner, 'BREAKING_CHANGE_PROPOSED')).toMatchObject({ id: refused.id });
  });

  it('a deprecation and a retirement reach a consumer with an agreement and one with observed use, not one with neither', async () => {
    await graphql('analyst', 'mutation($urn: ID!) { requestAccess(urn: $urn, purpose: "customer-support", justification: "to answer listeners") { id } }', { urn: PROFILES });
    await readCountries();
    await first.flushUsage();
    const [analyst, web, payout] = [await listen('analyst'), await listen('charts-web'), await listen('royalties-payout')];
    const sunset = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await first.lifecycle.move(DEMO_CONSUMERS['listeners-owner'], { urn: PROFILES, to: 'deprecated', reason: 'Profiles move to a new store', sunset });
    await first.lifecycle.move(DEMO_CONSUMERS['governance'], { urn: PROFILES, to: 'retired', reason: 'The new store serves them' });

    for (const subscriber of [analyst, web]) {
      expect(await nextOf(subscriber, 'DATA_PRODUCT_DEPRECATED')).toMatchObject({ urn: PROFILES, sunset });
      expect(await nextOf(subscriber, 'DATA_PRODUCT_RETIRED')).toMatchObject({ urn: PROFILES });
    }
    // The payout job neither asked for the profiles nor read them: the first thing it hears is its own request turned down.
    await turnDown('royalties-payout');
    expect((await nextOf(payout, 'DATA_PRODUCT_DEPRECATED', 'DATA_PRODUCT_RETIRED', 'ACCESS_REJECTED')).kind).toBe('ACCESS_REJECTED');
    const { dataProduct } = (await graphql('charts-web', 'query($urn: ID!) { dataProduct(urn: $urn) { notifications { kind } } }', { urn: PROFILES })) as { dataProduct: { notifications: { kind: string }[] } };
    expect(dataProduct.notifications.map((n) => n.kind)).toEqual(expect.arrayContaining(['DATA_PRODUCT_RETIRED', 'DATA_PRODUCT_DEPRECATED', 'BREAKING_CHANGE_PROPOSED']));
  });
});
