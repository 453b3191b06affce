import { describe, expect, it } from 'vitest';
import { RetiredTopicError } from '../../subgraphs/kit/RetiredTopicError.ts';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';

const URN = 'urn:meshgraph:shop:shop-orders:v1';
const SUCCESSOR = 'urn:meshgraph:shop:shop-orders:v2';

/** A shop whose mutation records an order on its topic, as a scaffolded domain's would: here the topic's product was retired. */
const shop: DomainDefinition = {
  name: 'shop',
  description: 'A shop.',
  team: { name: 'Shop', email: 'shop@example.com' },
  schema: { sdl: 'type Query { shopOrders: [String!]! } type Mutation { addShopOrder(id: ID!): String! }', source: 'test/kit/retiredTopicError.test.ts' },
  resolvers: {
    Query: { shopOrders: () => [] },
    Mutation: {
      addShopOrder: () => Promise.reject(new RetiredTopicError('shop.shop-orders.v1', 'shop', URN, SUCCESSOR, ['shop.shop-orders.v2'])),
    },
  },
  dataProducts: [
    {
      name: 'shop-orders',
      version: '1.0.0',
      kind: 'SOURCE_ALIGNED',
      description: { purpose: 'Orders.', usage: 'Query shopOrders.', limitations: 'A test.' },
      owner: { name: 'Shop', email: 'shop@example.com' },
      tags: ['shop'],
      inputPorts: [{ kind: 'source', name: 'till', system: 'the till' }],
      outputPorts: [{ kind: 'query', name: 'shopOrders', field: 'Query.shopOrders' }],
      slos: { freshness: 'PT5M', availability: 0.99, completeness: 1, intervalOfChange: 'PT1M' },
      classification: { default: 'public', fields: { 'Mutation.addShopOrder': 'public' } },
      retention: 'P1Y',
      terms: { usage: 'Anyone.', license: 'Proprietary' },
    },
  ],
};

describe('a domain that records a fact on a retired product\'s topic', () => {
  const leftovers = useLeftovers('file');

  it('tells its caller DATA_PRODUCT_RETIRED, naming the product and its successor, instead of "Unexpected error"', async () => {
    const server = leftovers.track(await createSubgraphServer({ domain: shop, logger: captureLogger('shop') }));
    const { body } = await postGraphQL(server.url, { query: 'mutation { addShopOrder(id: "o-1") }' });
    expect(body.errors).toMatchObject([
      {
        message: expect.stringContaining(`it is an output port of data product ${URN}, which was retired and takes no more records. Append to its successor ${SUCCESSOR}'s topic "shop.shop-orders.v2" instead.`),
        extensions: { code: 'DATA_PRODUCT_RETIRED', urn: URN, successor: SUCCESSOR, successorTopics: ['shop.shop-orders.v2'] },
      },
    ]);
  });
});
