import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from '../../bench/federation/firstDifference.ts';
import { heavyQueryAnswer } from '../../bench/federation/heavyQuery.ts';
import { startFederationSubgraphs, type FederationSubgraphs } from '../../bench/federation/startFederationSubgraphs.ts';
import { createGateway } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { useLeftovers } from '../support/leftovers.ts';

describe('the federation benchmark (npm run bench:federation), without its load', () => {
  const leftovers = useLeftovers('file');
  let subgraphs: FederationSubgraphs;
  let meshgraphUrl: string;
  let apolloUrl: string;
  beforeAll(async () => {
    subgraphs = leftovers.track({ ...(await startFederationSubgraphs()), close: () => subgraphs.stop() });
    // As the benchmark starts it: no credential (these subgraphs ask for none), the cost limit over the heavy query's estimate.
    const gateway = leftovers.track(await createGateway({ subgraphs: subgraphs.endpoints, maxCost: 1_000_000, logger: captureLogger('gateway') }));
    await gateway.ready;
    meshgraphUrl = gateway.url;
    const apollo = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: readFileSync(subgraphs.supergraphFile, 'utf8') }) });
    leftovers.track({ close: () => apollo.stop() });
    apolloUrl = (await startStandaloneServer(apollo, { listen: { port: 0, host: '127.0.0.1' } })).url;
  }, 30_000);

  it("answers the heavy query with about 88 KB, from all four subgraphs, byte for byte as @apollo/gateway does", async () => {
    const [meshgraph, apollo] = await Promise.all([heavyQueryAnswer(meshgraphUrl), heavyQueryAnswer(apolloUrl)]);
    expect(apollo.status).toBe(200);
    expect(JSON.parse(apollo.text).errors).toBeUndefined();
    expect(apollo.text.length).toBeGreaterThan(84_000);
    expect(apollo.text.length).toBeLessThan(92_000);
    // A field of each subgraph, the @requires one (shippingEstimate) and the @provides one (an author's username) among them.
    const firstReview = JSON.parse(apollo.text).data.users[0].reviews[0];
    expect(firstReview.product).toMatchObject({ inStock: expect.any(Boolean), name: expect.any(String), shippingEstimate: expect.any(Number) });
    expect(firstReview.product.reviews[0].author).toMatchObject({ username: expect.any(String), name: expect.any(String) });
    expect(meshgraph.status).toBe(200);
    expect(firstDifference(apollo.text, meshgraph.text)).toBeUndefined();
  });
});
