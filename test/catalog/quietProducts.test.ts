import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import type { CatalogEntry } from '../../gateway/catalog/index.ts';
import { createSloMonitor } from '../../gateway/createSloMonitor.ts';
import { createNotificationLog, type Notification } from '../../governance/notifications/index.ts';
import type { DataProductDescriptor, DataProductFigures } from '../../schema/index.ts';
import { createSubgraphServer, type DataProductDefinition, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempLog } from '../support/tempLog.ts';

const QUIET = 'urn:meshgraph:shop:shop-catalog:v1';
const FED = 'urn:meshgraph:shop:shop-orders:v1';
const YEARS_AGO = '2020-01-01T00:00:00.000Z';

/**
 * A shop with two products whose newest records are years old: its catalog,
 * which nothing feeds (a quiet source, like the demo's generated artists) and
 * whose history it reads back only once it serves (as the demo's royalties
 * catch up on the plays topic), and its orders, which get a new one while it runs.
 */
function createShopDomain() {
  const orders = [{ id: 'o-1', at: YEARS_AGO }];
  const items: string[] = [];
  const product = (name: string, field: string, times: () => string[]): DataProductDefinition => ({
    name,
    version: '1.0.0',
    kind: 'SOURCE_ALIGNED',
    description: { purpose: `The shop's ${name}.`, usage: `Query ${field}.`, limitations: 'A test.' },
    owner: { name: 'Shop', email: 'shop@example.com' },
    tags: ['shop'],
    inputPorts: [{ kind: 'source', name: 'till', system: 'the till' }],
    outputPorts: [{ kind: 'query', name: field, field: `Query.${field}` }],
    slos: { freshness: 'PT5M', availability: 0.99, completeness: 1, intervalOfChange: 'PT1M' },
    classification: { default: 'public' },
    retention: 'P10Y',
    terms: { usage: 'Anyone.', license: 'Proprietary' },
    measure: () => ({ recordCount: times().length, lastEventAt: times().sort().at(-1) }),
  });
  const domain: DomainDefinition = {
    name: 'shop',
    description: 'A shop.',
    team: { name: 'Shop', email: 'shop@example.com' },
    schema: { sdl: 'type Query { shopItems: [String!]! shopOrders: [String!]! }', source: 'test/catalog/quietProducts.test.ts' },
    resolvers: { Query: { shopItems: () => ['mug'], shopOrders: () => orders.map((o) => o.id) } },
    dataProducts: [product('shop-catalog', 'shopItems', () => items), product('shop-orders', 'shopOrders', () => orders.map((o) => o.at))],
  };
  return { domain, readHistory: () => items.push(YEARS_AGO), order: (id: string) => orders.push({ id, at: new Date().toISOString() }) };
}

type Figures = Pick<DataProductFigures, 'fedSinceStart'> & { meetsFreshnessSlo: boolean | null };

describe('a data product nothing feeds is quiet, not late: it is not judged for freshness', () => {
  const leftovers = useLeftovers('file');

  it('the domain says which products were fed since it started; the catalog and the SLO monitor judge only those', async () => {
    const shop = createShopDomain();
    const subgraph = leftovers.track(await createSubgraphServer({ domain: shop.domain, logger: captureLogger('shop') }));
    shop.readHistory();
    const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'shop', url: subgraph.url }], supergraphPollMs: 0, healthProbeMs: 0, logger: captureLogger('gateway') }));
    await gateway.ready;
    const figuresOf = async () => {
      const { body } = await postGraphQL(gateway.url, { query: '{ dataProducts { dataProduct { urn figures { fedSinceStart meetsFreshnessSlo } } } }' });
      expect(body.errors).toBeUndefined();
      const matches = (body.data as { dataProducts: { dataProduct: { urn: string; figures: Figures } }[] }).dataProducts;
      return Object.fromEntries(matches.map(({ dataProduct }) => [dataProduct.urn, dataProduct.figures]));
    };

    // Both newest records are years old, and none happened since the shop started: neither is judged.
    expect(await figuresOf()).toEqual({ [QUIET]: { fedSinceStart: false, meetsFreshnessSlo: null }, [FED]: { fedSinceStart: false, meetsFreshnessSlo: null } });

    shop.order('o-2');
    // The catalog looks at the discovery ports at most once a second: ask until it looked again.
    let figures = await figuresOf();
    while (figures[FED]!.fedSinceStart !== true) figures = await figuresOf();
    expect(figures).toEqual({ [QUIET]: { fedSinceStart: false, meetsFreshnessSlo: null }, [FED]: { fedSinceStart: true, meetsFreshnessSlo: true } });

    // A day later, with no more orders, the orders are late; the quiet catalog is still not judged, nor a retired product, fed or not.
    const { body } = await getJson(subgraph.url.replace('/graphql', '/data-products'));
    const entries = (body as { dataProducts: (DataProductDescriptor & { figures: DataProductFigures })[] }).dataProducts.map(({ figures: measured, ...descriptor }): CatalogEntry => ({ descriptor, figures: measured }));
    const fed = entries.find((entry) => entry.descriptor.urn === FED)!;
    entries.push({ ...fed, descriptor: { ...fed.descriptor, urn: 'urn:meshgraph:shop:shop-orders:v0', status: 'retired' } });
    const { log } = leftovers.track(await createTempLog());
    const topic = createNotificationLog({ log, logger: captureLogger('notifications') });
    const told: Notification[] = [];
    topic.listen((notification) => told.push(notification));
    const monitor = createSloMonitor({
      entries: async () => entries,
      notifications: { topic, audience: () => ({ consumers: [], owners: ['shop'] }), sloBreachMs: 1 },
      intervalMs: 3_600_000,
      now: () => Date.now() + 86_400_000,
      logger: captureLogger('slo'),
    });
    try {
      await monitor.check();
      expect(told.map(({ kind, urn }) => ({ kind, urn }))).toEqual([{ kind: 'SLO_BREACH', urn: FED }]);
    } finally {
      monitor.close();
      await topic.close();
    }
  }, 60_000);
});
