import { beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredDataProduct } from '../../schema/index.ts';
import {
  createOrderedList,
  createRecordExpiry,
  createSubgraphServer,
  materializeOwnTopic,
  toEventRecord,
  type DataProductDefinition,
  type DomainDefinition,
  type SubgraphServer,
} from '../../subgraphs/kit/index.ts';
import { topicCursor } from '../../subgraphs/kit/subscribeToTopic.ts';
import { topicSubscriptionField } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { subscribe } from '../support/subscriber.ts';
import { createTempLog } from '../support/tempLog.ts';

const TOPIC = 'rentals.bike-rentals.v1';
const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-06-01T00:00:00.000Z');

interface Rental {
  id: string;
  minutes: number;
  occurredAt: string;
}

const daysBefore = (days: number) => new Date(START_MS - days * DAY_MS).toISOString();
/** bike-rentals keeps a year: one rental is past it when the domain starts, one passes it 170 days later, one stays. */
const RENTALS: Rental[] = [
  { id: 'old', minutes: 12, occurredAt: daysBefore(400) },
  { id: 'ageing', minutes: 30, occurredAt: daysBefore(200) },
  { id: 'recent', minutes: 7, occurredAt: daysBefore(10) },
];

/** A domain serving its rentals on every kind of output port, from its own topic, on a clock the test moves. */
function createRentalsDomain(clock: { now: number }): DomainDefinition {
  const byId = new Map<string, Rental>();
  const list = createOrderedList<Rental, 'OCCURRED_AT'>('rentals', [], { OCCURRED_AT: (r) => [r.occurredAt, r.id] }, { field: 'OCCURRED_AT', direction: 'ASC' });
  const expiry = createRecordExpiry<Rental>({
    timeOf: (rental) => rental.occurredAt,
    expire: (rentals) => {
      for (const rental of rentals) byId.delete(rental.id);
      list.removeAll(new Set(rentals));
    },
  });
  const add = (rentals: readonly Rental[]) => {
    for (const rental of rentals) {
      byId.set(rental.id, rental);
      list.add(rental);
    }
    expiry.track(rentals);
  };
  const product: DataProductDefinition = {
    name: 'bike-rentals',
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: { purpose: 'Every rental.', usage: 'Count rentals.', limitations: 'Docked bikes only.' },
    owner: { name: 'Ana', email: 'ana@example.com' },
    tags: ['rentals'],
    inputPorts: [{ kind: 'source', name: 'docks', system: 'dock controllers' }],
    outputPorts: [
      { kind: 'query', name: 'rentals', field: 'Query.rentals' },
      { kind: 'query', name: 'rental', field: 'Query.rental' },
      { kind: 'query', name: 'rental-count', field: 'Query.rentalCount' },
      { kind: 'subscription', name: 'rental-made', field: 'Subscription.rentalMade' },
      { kind: 'topic', name: 'rentals', topic: TOPIC },
    ],
    slos: { freshness: 'PT5M', availability: 0.999, completeness: 0.99, intervalOfChange: 'PT1M' },
    classification: { default: 'public' },
    retention: 'P1Y',
    terms: { usage: 'Internal.', license: 'Proprietary' },
    measure: () => ({ recordCount: byId.size }),
    expiry,
  };
  return {
    name: 'rentals',
    description: 'Bike rentals.',
    team: { name: 'Rentals', email: 'rentals@example.com' },
    schema: {
      source: 'test/kit/retention.test.ts',
      sdl: `type Query { rentals(first: Int, after: String): RentalConnection!  rental(id: ID!): Rental  rentalCount: Int! }
            type Subscription { rentalMade(after: String): RentalMade! }
            type RentalMade { cursor: String! rental: Rental! }
            type Rental @key(fields: "id") { id: ID! minutes: Int! }
            type RentalConnection { edges: [RentalEdge!]! totalCount: Int! }
            type RentalEdge { cursor: String! node: Rental! }`,
    },
    resolvers: {
      Query: {
        rentals: (_: unknown, args: { first?: number; after?: string }) => list.page(args),
        rental: (_: unknown, { id }: { id: string }) => byId.get(id) ?? null,
        rentalCount: () => byId.size,
      },
      Subscription: {
        rentalMade: topicSubscriptionField<Rental, { after?: string | null }>({
          topic: TOPIC,
          decode: (record) => JSON.parse(String(record.value)) as Rental,
          payload: (rental, cursor) => ({ cursor, rental }),
        }),
      },
    },
    entities: { Rental: (keys) => keys.map((key) => byId.get(String(key['id'])) ?? null) },
    dataProducts: [product],
    now: () => clock.now,
    start: ({ log, logger }) =>
      materializeOwnTopic({
        log,
        logger,
        topic: { name: TOPIC, partitions: 1, compacted: false },
        history: () => RENTALS,
        toRecord: (rental) => toEventRecord({ key: rental.id, value: rental, occurredAt: rental.occurredAt, producer: 'rentals', schemaVersion: '1.0.0' }),
        decode: (record) => JSON.parse(String(record.value)) as Rental,
        add,
        what: 'rentals',
      }),
  };
}

describe('records older than their product\u2019s retention are not served', () => {
  const leftovers = useLeftovers('file');
  const clock = { now: START_MS };
  let server: SubgraphServer;

  beforeAll(async () => {
    const { log } = leftovers.track(await createTempLog());
    server = leftovers.track(await createSubgraphServer({ domain: createRentalsDomain(clock), log, logger: captureLogger('rentals') }));
  });

  /** What each output port serves now: the list, a lookup and a count, entity references, a replay of the topic from its start, the discovery port's figures. */
  async function served() {
    const { body } = await postGraphQL(server.url, {
      query: `query ($refs: [_Any!]!) {
        rentals(first: 10) { totalCount edges { node { id } } }
        old: rental(id: "old") { id } ageing: rental(id: "ageing") { id } recent: rental(id: "recent") { id }
        rentalCount
        _entities(representations: $refs) { ... on Rental { id } }
      }`,
      variables: { refs: RENTALS.map(({ id }) => ({ __typename: 'Rental', id })) },
    });
    expect(body.errors).toBeUndefined();
    const data = body.data as {
      rentals: { totalCount: number; edges: { node: { id: string } }[] };
      old: { id: string } | null;
      ageing: { id: string } | null;
      recent: { id: string } | null;
      rentalCount: number;
      _entities: ({ id: string } | null)[];
    };
    const replay = leftovers.track(subscribe<{ rentalMade: { rental: { id: string } } }>(server.url, 'subscription ($after: String) { rentalMade(after: $after) { rental { id } } }', { variables: { after: topicCursor(TOPIC, { 0: 0 }) } }));
    // The topic holds the rentals oldest first: the first one replayed is the oldest one still retained.
    const firstReplayed = (await replay.next()).data?.rentalMade.rental.id;
    await replay.close();
    const { body: discovery } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(server.url.replace(/\/graphql$/, '/data-products'));
    return {
      list: data.rentals.edges.map((edge) => edge.node.id),
      totalCount: data.rentals.totalCount,
      lookups: [data.old?.id ?? null, data.ageing?.id ?? null, data.recent?.id ?? null],
      count: data.rentalCount,
      entities: data._entities.map((entity) => entity?.id ?? null),
      firstReplayed,
      figures: discovery.dataProducts[0]!.figures,
    };
  }

  it('a rental past the year bike-rentals keeps is served on no port, the ones inside it on every port', async () => {
    const now = await served();
    expect(now).toMatchObject({
      list: ['ageing', 'recent'],
      totalCount: 2,
      lookups: [null, 'ageing', 'recent'],
      count: 2,
      entities: [null, 'ageing', 'recent'],
      firstReplayed: 'ageing',
      figures: { recordCount: 2, expiredRecords: 1 },
    });
  });

  it('while the domain runs, a rental whose age passes the retention stops being served, and a replay from a cursor skips it', async () => {
    clock.now = START_MS + 170 * DAY_MS;
    const later = await served();
    expect(later).toMatchObject({
      list: ['recent'],
      totalCount: 1,
      lookups: [null, null, 'recent'],
      count: 1,
      entities: [null, null, 'recent'],
      firstReplayed: 'recent',
      figures: { recordCount: 1, expiredRecords: 2 },
    });
  });
});

describe('a record that is updated ages from its latest update', () => {
  it('totals tracked once expire only when their latest update is past the cutoff, and each record expires once', () => {
    const expired: string[] = [];
    const expiry = createRecordExpiry<{ id: string; occurredAt: string | null }>({ timeOf: (totals) => totals.occurredAt, expire: (records) => expired.push(...records.map((r) => r.id)) });
    const updated = { id: 'updated', occurredAt: daysBefore(300) };
    const idle = { id: 'idle', occurredAt: daysBefore(200) };
    const never = { id: 'never', occurredAt: null };
    expiry.track([updated, idle, never]);
    updated.occurredAt = daysBefore(5);
    expect(expiry.expireBefore(START_MS - 100 * DAY_MS)).toBe(1);
    expect(expired).toEqual(['idle']);
    expect(expiry.expireBefore(START_MS)).toBe(1);
    expect(expired).toEqual(['idle', 'updated']);
    expect(expiry.expireBefore(START_MS + 1_000 * DAY_MS)).toBe(0);
    expect(expiry.size).toBe(0);
  });
});
