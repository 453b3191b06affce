import { beforeAll, describe, expect, it } from 'vitest';
import { fragmentChain } from '../support/fragmentChain.ts';
import { postGraphQL, type GraphQLBody } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { readMetric } from '../support/metrics.ts';
import { subscribe } from '../support/subscriber.ts';

const PODCASTS_FETCHES = 'meshgraph_subgraph_fetches_total{outcome="ok",subgraph="podcasts"}';

describe('operation limits at the gateway', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners' | 'podcasts' | 'artists'>;
  beforeAll(async () => {
    mesh = leftovers.track(await startMesh({ data: SMALL_TEST_DATA, only: ['listeners', 'podcasts', 'artists'] }));
  });

  /** Posts `query` and expects it refused with `code` and HTTP 400, before any subgraph was asked; returns the message. */
  const expectRefused = async (query: string, code: string) => {
    const fetches = await readMetric(mesh.gateway.url, PODCASTS_FETCHES);
    const startedAt = performance.now();
    const { status, body } = await postGraphQL(mesh.gateway.url, { query });
    const ms = performance.now() - startedAt;
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions?.code).toBe(code);
    expect(status).toBe(400);
    expect(await readMetric(mesh.gateway.url, PODCASTS_FETCHES)).toBe(fetches);
    console.info(`refused in ${ms.toFixed(1)} ms: ${body.errors![0]!.message}`);
    return body.errors![0]!.message;
  };

  it('a fragment chain whose expansion doubles at each of 30 fragments (1.2 KB) is refused at once for its fields', async () => {
    const chain = fragmentChain(30, { on: 'PlayEdge', leaf: 'node { id }', root: '{ plays(first: 1) { edges { ...F0 } } }' });
    expect(chain.length).toBeLessThan(1_400);
    const message = await expectRefused(chain, 'QUERY_TOO_COMPLEX');
    expect(message).toContain('The operation selects 2,147,483,650 fields');
  });

  it('a fragment chain at the root is refused for its root fields, and a deep one for its depth', async () => {
    expect(await expectRefused(fragmentChain(30), 'QUERY_TOO_COMPLEX')).toContain('selects 1,073,741,824 root fields');
    const nested = (levels: number): string => (levels === 0 ? 'title' : `episodes(first: 1) { edges { node { podcast { ${nested(levels - 1)} } } } }`);
    const deep = fragmentChain(30, { on: 'Podcast', leaf: nested(3), root: '{ podcasts(first: 1) { edges { node { ...F0 } } } }' });
    expect(await expectRefused(deep, 'QUERY_TOO_DEEP')).toBe('The operation nests 16 levels deep; the limit is 15. Split it into shallower operations.');
  });

  it('a thousand aliases of plays(country: "GB", first: 1) are refused for their aliases', async () => {
    const aliases = Array.from({ length: 1_000 }, (_, i) => `p${i}: plays(country: "GB", first: 1) { totalCount }`).join(' ');
    expect(await expectRefused(`{ ${aliases} }`, 'QUERY_TOO_COMPLEX')).toContain('has 1,000 aliases');
  });

  it('a document of more tokens than the limit is refused before it is parsed', async () => {
    expect(await expectRefused(`{ ${'__typename '.repeat(21_000)} }`, 'QUERY_TOO_COMPLEX')).toContain('more than 20,000 tokens');
  });

  it('a client that accepts only application/json gets the refusal with 400 too, as Apollo Server answers request errors', async () => {
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: fragmentChain(30) }, { accept: 'application/json' });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('the fragment chain is refused over WebSocket too, as a query and as a subscription', async () => {
    for (const query of [fragmentChain(30), fragmentChain(30, { on: 'Subscription', leaf: 'episodePlayed { cursor }', root: 'subscription { ...F0 }' })]) {
      const client = leftovers.track(subscribe(mesh.gateway.url, query));
      expect(await client.ended).toMatchObject([{ extensions: { code: 'QUERY_TOO_COMPLEX' } }]);
    }
  });

  it('a query within the limits, fragments and aliases included, is served across domains', async () => {
    const query = `{ a: plays(first: 5) { edges { ...play } } b: plays(first: 5, country: "GB") { edges { ...play } } }
      fragment play on PlayEdge { node { id country listener { id displayName } episode { title podcast { host { name } } } } }`;
    const { status, body } = (await postGraphQL(mesh.gateway.url, { query })) as { status: number; body: GraphQLBody };
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data!.a.edges).toHaveLength(5);
    expect(body.data!.a.edges[0].node.listener.displayName).toEqual(expect.any(String));
    expect(body.data!.b.edges.every((e: { node: { country: string } }) => e.node.country === 'GB')).toBe(true);
  });
});
