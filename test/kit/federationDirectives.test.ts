import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeSupergraph, createGateway, type Gateway } from '../../gateway/index.ts';
import { createSubgraphServer, type DomainDefinition, type EntityKey, type SubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';

// Three fictional teams of a furniture retailer, none of them ours, between
// them using every Federation 2 directive a domain may need:
// - catalog owns products (two keys: `id` and `sku region`) and an interface entity `Media`;
// - shipping knows products by `sku region` only: computes costs (@requires), provides names (@provides), composes a custom directive;
// - warehouse brings its OWN federation link (v2.3), takes over stock levels (@override) and adds shelves to Media (@interfaceObject).

const team = { name: 'Test Team', email: 'test-team@example.com' };

const PRODUCTS = [
  { id: 'p1', sku: 'CRATE-01', region: 'EU', name: 'Oak crate', weightGrams: 1200, supplierCode: 'SUP-991' },
  { id: 'p2', sku: 'CRATE-01', region: 'US', name: 'Oak crate', weightGrams: 2500, supplierCode: 'SUP-992' },
  { id: 'p3', sku: 'LAMP-07', region: 'EU', name: 'Desk lamp', weightGrams: 800, supplierCode: 'SUP-417' },
];
const MEDIA = [
  { __typename: 'Manual', id: 'm1', title: 'Assembling the oak crate', pages: 12 },
  { __typename: 'Video', id: 'm2', title: 'Lamp wiring', minutes: 7 },
];

/** Keys each entity loader received since the current test began. */
const seen = { catalogProducts: [] as EntityKey[], shippingProducts: [] as EntityKey[], warehouseProducts: [] as EntityKey[] };

const catalog: DomainDefinition = {
  name: 'catalog',
  description: 'What the retailer sells.',
  team,
  schema: {
    source: 'test/kit/catalog.graphql',
    sdl: /* GraphQL */ `
      type Query {
        product(id: ID!): Product
        media: [Media!]!
      }
      type Product @key(fields: "id") @key(fields: "sku region") {
        id: ID!
        sku: String!
        region: String!
        name: String! @shareable
        weightGrams: Int! @tag(name: "logistics")
        supplierCode: String @inaccessible
        stockLevel: Int!
      }
      interface Media @key(fields: "id") {
        id: ID!
        title: String!
      }
      type Manual implements Media @key(fields: "id") { id: ID! title: String! pages: Int! }
      type Video implements Media @key(fields: "id") { id: ID! title: String! minutes: Int! }
    `,
  },
  resolvers: {
    Query: { product: (_: unknown, { id }: { id: string }) => PRODUCTS.find((p) => p.id === id) ?? null, media: () => MEDIA },
    // The catalog's stale count: warehouse overrides this field.
    Product: { stockLevel: () => -1 },
  },
  entities: {
    // An interface entity batches like any other; the records carry their concrete __typename.
    Media: (keys) => keys.map((k) => MEDIA.find((m) => m.id === k.id) ?? null),
    Product: (keys) => {
      seen.catalogProducts.push(...keys);
      return keys.map((k) => PRODUCTS.find((p) => (k.id ? p.id === k.id : p.sku === k.sku && p.region === k.region)) ?? null);
    },
  },
  dataProducts: [],
};

const shipping: DomainDefinition = {
  name: 'shipping',
  description: 'Parcels and what they cost to send.',
  team,
  schema: {
    source: 'test/kit/shipping.graphql',
    sdl: /* GraphQL */ `
      extend schema
        @link(url: "https://myspecs.dev/lowPriority/v1.0", import: ["@lowPriority"])
        @composeDirective(name: "@lowPriority")
      directive @lowPriority on FIELD_DEFINITION

      type Query {
        parcels: [Parcel!]!
      }
      type Parcel {
        id: ID!
        product: Product! @provides(fields: "name")
        trackingNote: String @lowPriority
      }
      type Product @key(fields: "sku region") {
        sku: String!
        region: String!
        name: String! @external
        weightGrams: Int! @external
        shippingCostCents: Int! @requires(fields: "weightGrams")
      }
    `,
  },
  resolvers: {
    Query: { parcels: () => [{ id: 'parcel-1', sku: 'CRATE-01', region: 'US', label: 'Oak crate', trackingNote: 'fragile' }] },
    Parcel: { product: (parcel: { sku: string; region: string; label: string }) => ({ sku: parcel.sku, region: parcel.region, name: parcel.label }) },
    Product: { shippingCostCents: (product: { weightGrams: number }) => 250 + product.weightGrams / 10 },
  },
  entities: {
    Product: (keys) => {
      seen.shippingProducts.push(...keys);
      return keys.map((k) => ({ ...k }));
    },
  },
  dataProducts: [],
};

const warehouse: DomainDefinition = {
  name: 'warehouse',
  description: 'Where things are kept and how many there are.',
  team,
  schema: {
    source: 'test/kit/warehouse.graphql',
    sdl: /* GraphQL */ `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@override", "@interfaceObject"])

      type Query {
        bins: [Bin!]!
        mediaOnShelf(shelf: String!): [Media!]!
      }
      type Bin {
        code: ID!
        product: Product!
      }
      type Product @key(fields: "id") {
        id: ID!
        name: String! @shareable
        stockLevel: Int! @override(from: "catalog")
      }
      type Media @key(fields: "id") @interfaceObject {
        id: ID!
        shelf: String!
      }
    `,
  },
  resolvers: {
    Query: {
      bins: () => [{ code: 'B-7', product: { id: 'p1', name: 'Oak crate' } }],
      mediaOnShelf: (_: unknown, { shelf }: { shelf: string }) => Object.keys(SHELVES).filter((id) => SHELVES[id] === shelf).map((id) => ({ id })),
    },
    Product: { stockLevel: (product: { id: string }) => STOCK[product.id] ?? 0 },
    Media: { shelf: (media: { id: string }) => SHELVES[media.id] ?? 'unshelved' },
  },
  entities: {
    Product: (keys) => {
      seen.warehouseProducts.push(...keys);
      return keys.map((k) => ({ id: k.id }));
    },
    Media: (keys) => keys.map((k) => ({ id: k.id })),
  },
  dataProducts: [],
};
const STOCK: Record<string, number> = { p1: 42, p2: 7, p3: 0 };
const SHELVES: Record<string, string> = { m1: 'A3', m2: 'C1' };

describe('the kit supports the Federation 2 directive set', () => {
  const leftovers = useLeftovers('file');
  const servers: Record<string, SubgraphServer> = {};
  let gateway: Gateway;
  const query = async (q: string) => (await postGraphQL(gateway.url, { query: q })).body;
  const sdlOf = async (name: string) => {
    const { body } = await postGraphQL(servers[name]!.url, { query: '{ _service { sdl } }' });
    return body.data?.['_service'].sdl as string;
  };

  beforeAll(async () => {
    for (const domain of [catalog, shipping, warehouse]) {
      servers[domain.name] = leftovers.track(await createSubgraphServer({ domain, port: 0, logger: captureLogger(domain.name) }));
    }
    gateway = leftovers.track(
      await createGateway({
        subgraphs: Object.values(servers).map(({ name, url }) => ({ name, url })),
        logger: captureLogger('gateway'),
        backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      }),
    );
    await gateway.ready;
  });

  beforeEach(() => {
    for (const keys of Object.values(seen)) keys.length = 0;
  });

  // Warehouse wrote its own federation link; the kit keeps it instead of adding its v2.9 link, which catalog (no link) gets.
  it('keeps a team’s own federation @link and links the others itself', async () => {
    const warehouseSdl = await sdlOf('warehouse');
    expect(warehouseSdl).toContain('https://specs.apollo.dev/federation/v2.3');
    expect(warehouseSdl).not.toContain('federation/v2.9');
    expect(await sdlOf('catalog')).toContain('https://specs.apollo.dev/federation/v2.9');
    expect(await query('{ bins { code product { name stockLevel } } }')).toEqual({
      data: { bins: [{ code: 'B-7', product: { name: 'Oak crate', stockLevel: 42 } }] },
    });
  });

  // Shipping knows a product only by its compound key; the gateway reaches catalog with both parts of it.
  it('@key with compound fields: reaches the entity through `sku region`', async () => {
    expect(await query('{ parcels { product { sku region id } } }')).toEqual({
      data: { parcels: [{ product: { sku: 'CRATE-01', region: 'US', id: 'p2' } }] },
    });
    expect(seen.catalogProducts).toEqual([{ sku: 'CRATE-01', region: 'US' }]);
  });

  // Catalog declares two keys; warehouse comes in by `id`, and from there the gateway goes on to shipping by `sku region`.
  it('@key twice on one type: reaches the entity through either key', async () => {
    expect(await query('{ bins { product { id sku region shippingCostCents } } }')).toEqual({
      data: { bins: [{ product: { id: 'p1', sku: 'CRATE-01', region: 'EU', shippingCostCents: 370 } }] },
    });
    expect(seen.catalogProducts).toEqual([{ id: 'p1' }]);
    expect(seen.shippingProducts).toEqual([{ sku: 'CRATE-01', region: 'EU', weightGrams: 1200 }]);
  });

  // Both catalog and warehouse resolve the name: each answers it on its own path, without the other.
  it('@shareable: a field resolved by two subgraphs', async () => {
    expect(await query('{ product(id: "p1") { name } }')).toEqual({ data: { product: { name: 'Oak crate' } } });
    expect(await query('{ bins { product { name } } }')).toEqual({ data: { bins: [{ product: { name: 'Oak crate' } }] } });
    expect(seen.catalogProducts).toEqual([]);
    expect(seen.warehouseProducts).toEqual([]);
  });

  // Shipping computes the cost from the weight catalog owns; the gateway fetches the weight and hands it over.
  it('@external + @requires: a computed field from fields another subgraph owns', async () => {
    expect(await query('{ parcels { product { weightGrams shippingCostCents } } }')).toEqual({
      data: { parcels: [{ product: { weightGrams: 2500, shippingCostCents: 500 } }] },
    });
    expect(seen.shippingProducts).toEqual([{ sku: 'CRATE-01', region: 'US', weightGrams: 2500 }]);
  });

  // On the parcel path shipping provides the product's name, so catalog, which owns it, is not asked.
  it('@provides: an external field resolved on a path without calling its owner', async () => {
    expect(await query('{ parcels { id product { sku region name } } }')).toEqual({
      data: { parcels: [{ id: 'parcel-1', product: { sku: 'CRATE-01', region: 'US', name: 'Oak crate' } }] },
    });
    expect(seen.catalogProducts).toEqual([]);
  });

  // Stock levels moved from catalog to warehouse: catalog still answers -1 itself, but the gateway asks warehouse.
  it('@override: the field is resolved by the subgraph it moved to', async () => {
    expect(await query('{ product(id: "p1") { id stockLevel } }')).toEqual({ data: { product: { id: 'p1', stockLevel: 42 } } });
    expect(seen.warehouseProducts).toEqual([{ id: 'p1' }]);
    const direct = await postGraphQL(servers['catalog']!.url, { query: '{ product(id: "p1") { stockLevel } }' });
    expect(direct.body).toEqual({ data: { product: { stockLevel: -1 } } });
  });

  // Supplier codes are internal: the catalog subgraph serves them, the gateway's API does not have the field.
  it('@inaccessible: a field the subgraph has but the gateway API hides', async () => {
    const viaGateway = await postGraphQL(gateway.url, { query: '{ product(id: "p1") { supplierCode } }' });
    expect(viaGateway.status).toBe(400);
    expect(viaGateway.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(viaGateway.body.errors?.[0]?.message).toContain('supplierCode');
    const direct = await postGraphQL(servers['catalog']!.url, { query: '{ product(id: "p1") { supplierCode } }' });
    expect(direct.body).toEqual({ data: { product: { supplierCode: 'SUP-991' } } });
  });

  // Composing the subgraphs as the gateway does keeps catalog's tag and shipping's custom directive in the supergraph.
  it('@tag and @composeDirective: both survive composition into the supergraph', async () => {
    const subgraphs = await Promise.all(Object.values(servers).map(async ({ name, url }) => ({ name, url, sdl: await sdlOf(name) })));
    const supergraph = composeSupergraph(subgraphs);
    expect(supergraph).toMatch(/weightGrams: Int!.*@tag\(name: "logistics"\)/);
    expect(supergraph).toContain('@link(url: "https://myspecs.dev/lowPriority/v1.0", import: ["@lowPriority"])');
    expect(supergraph).toContain('directive @lowPriority on FIELD_DEFINITION');
    expect(supergraph).toMatch(/trackingNote: String.*@lowPriority/);
    expect(await query('{ parcels { trackingNote } }')).toEqual({ data: { parcels: [{ trackingNote: 'fragile' }] } });
  });

  // Warehouse adds shelves to every kind of media without knowing the kinds; catalog tells the concrete type back.
  it('@interfaceObject: a field added to an interface entity, on its concrete types, both ways', async () => {
    expect(await query('{ media { __typename title shelf ... on Manual { pages } ... on Video { minutes } } }')).toEqual({
      data: {
        media: [
          { __typename: 'Manual', title: 'Assembling the oak crate', shelf: 'A3', pages: 12 },
          { __typename: 'Video', title: 'Lamp wiring', shelf: 'C1', minutes: 7 },
        ],
      },
    });
    expect(await query('{ mediaOnShelf(shelf: "C1") { __typename id title ... on Video { minutes } } }')).toEqual({
      data: { mediaOnShelf: [{ __typename: 'Video', id: 'm2', title: 'Lamp wiring', minutes: 7 }] },
    });
  });
});
