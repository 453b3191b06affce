import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh, type TestMesh } from '../support/mesh.ts';
import { readMetric } from '../support/metrics.ts';
import { subscribe } from '../support/subscriber.ts';

const PODCASTS_FETCHES = 'meshgraph_subgraph_fetches_total{outcome="ok",subgraph="podcasts"}';
const ESTIMATED_SUM = (outcome: string) => `meshgraph_operation_cost_estimated_sum{outcome="${outcome}"}`;
const ESTIMATED_COUNT = (outcome: string) => `meshgraph_operation_cost_estimated_count{outcome="${outcome}"}`;

describe('demand control at the gateway: cost directives, fields, batches, rate limits', () => {
  const leftovers = useLeftovers('file');
  let mesh: TestMesh<'listeners' | 'podcasts' | 'artists' | 'insights'>;
  /** A second gateway over the same domains, with batching and rate limits. */
  let limited: Gateway;
  beforeAll(async () => {
    // Aliases and root fields well over 300, so that only the cost can refuse 300 aliases.
    mesh = leftovers.track(await startMesh({ data: SMALL_TEST_DATA, gateway: { maxAliases: 1_000, maxRootFields: 1_000 } }));
    limited = leftovers.track(
      await createGateway({
        subgraphs: Object.values(mesh.subgraphs).map(({ name, url }) => ({ name, url })),
        maxBatchOperations: 2,
        rateLimits: { anonymous: { requestsPerMinute: 3, costPerMinute: 1_000_000 }, authenticated: { requestsPerMinute: 3, costPerMinute: 1_000_000 } },
        backoff: { initialDelayMs: 20, maxDelayMs: 200 },
        logger: captureLogger('limited'),
      }),
    );
    await limited.ready;
  });

  const estimatedSum = () => readMetric(mesh.gateway.url, ESTIMATED_SUM('accepted'));

  it('300 aliases of plays(first: 500) are refused for their estimated cost before any subgraph is asked', async () => {
    const fetches = await readMetric(mesh.gateway.url, PODCASTS_FETCHES);
    const aliases = Array.from({ length: 300 }, (_, i) => `p${i}: plays(first: 500) { edges { cursor } }`).join(' ');
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: `{ ${aliases} }` });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    // Each: PlayConnection 1 + 500 PlayEdges (@listSize(slicingArguments: ["first"], sizedFields: ["edges"]) in the podcasts schema).
    expect(body.errors).toEqual([
      {
        message: expect.stringMatching(/^The operation's estimated cost is 150,300; the limit is 100,000\./),
        extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: 300 * 501, maxCost: 100_000 },
      },
    ]);
    expect(await readMetric(mesh.gateway.url, PODCASTS_FETCHES)).toBe(fetches);
    expect(await readMetric(mesh.gateway.url, ESTIMATED_COUNT('refused'))).toBeGreaterThanOrEqual(1);
  });

  it('list sizes come from the variables: the same document passes with small pages and is refused with large ones', async () => {
    const query = `query($episodes: Int, $plays: Int) {
      episodes(first: $episodes) { edges { node { id plays(first: $plays) { edges { node { id } } } } } }
    }`;
    const refused = await postGraphQL(mesh.gateway.url, { query, variables: { episodes: 500, plays: 500 } });
    // EpisodeConnection 1 + 500 × (EpisodeEdge 1 + Episode 1 + PlayConnection 1 + 500 × (PlayEdge 1 + Play 1)).
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: 1 + 500 * (3 + 500 * 2), maxCost: 100_000 });
    const accepted = await postGraphQL(mesh.gateway.url, { query, variables: { episodes: 5, plays: 2 } });
    expect(accepted.body.errors).toBeUndefined();
    expect(accepted.body.data!.episodes.edges).toHaveLength(5);
  });

  it('a query within the limits is served, and /metrics shows its estimated and actual cost', async () => {
    const [sum, actualSum, actualCount] = [await estimatedSum(), await readMetric(mesh.gateway.url, 'meshgraph_operation_cost_actual_sum'), await readMetric(mesh.gateway.url, 'meshgraph_operation_cost_actual_count')];
    const { status, body } = await postGraphQL(mesh.gateway.url, { query: '{ plays(first: 500) { edges { node { id listener { id } } } } }' });
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const plays = body.data!.plays.edges.length as number;
    expect(plays).toBeGreaterThan(0);
    // Estimated: 1 + 500 × (edge 1 + play 1 + listener 1); actual: the same weights over the plays that came.
    expect((await estimatedSum()) - sum).toBe(1 + 500 * 3);
    expect((await readMetric(mesh.gateway.url, 'meshgraph_operation_cost_actual_sum')) - actualSum).toBe(1 + plays * 3);
    expect(await readMetric(mesh.gateway.url, 'meshgraph_operation_cost_actual_count')).toBe(actualCount + 1);
  });

  it("a field's or argument's @cost changes the estimate: a chart over a period scans every play", async () => {
    const sum = await estimatedSum();
    expect((await postGraphQL(mesh.gateway.url, { query: '{ topCharts(first: 1) { totalCount } }' })).body.errors).toBeUndefined();
    const allTime = (await estimatedSum()) - sum;
    expect((await postGraphQL(mesh.gateway.url, { query: '{ topCharts(first: 1, from: "2020-01-01T00:00:00Z") { totalCount } }' })).body.errors).toBeUndefined();
    const period = (await estimatedSum()) - sum - allTime;
    expect(allTime).toBe(1);
    expect(period).toBe(1 + 100);
  });

  it('an operation of more fields than the limit is refused, fragments expanded', async () => {
    const spreads = Array.from({ length: 400 }, () => '...play').join(' ');
    const query = `{ plays(first: 1) { edges { node { ${spreads} } } } } fragment play on Play { id device occurredAt }`;
    const { status, body } = await postGraphQL(mesh.gateway.url, { query });
    expect(status).toBe(400);
    expect(body.errors?.[0]).toEqual({
      message: 'The operation selects 1,203 fields (fragments expanded); the limit is 1,000. Ask for fewer fields, or split it into several operations.',
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    });
  });

  it('the cost limit holds over WebSocket too', async () => {
    const aliases = Array.from({ length: 300 }, (_, i) => `p${i}: plays(first: 500) { edges { cursor } }`).join(' ');
    const client = leftovers.track(subscribe(mesh.gateway.url, `{ ${aliases} }`));
    expect(await client.ended).toMatchObject([{ extensions: { code: 'COST_ESTIMATED_TOO_EXPENSIVE', estimatedCost: 150_300 } }]);
  });

  it('a batch (a JSON array of operations) is refused with 400 unless batching is allowed, and then holds at most the limit', async () => {
    const operation = { query: '{ plays(first: 1) { totalCount } }' };
    const refused = await postGraphQL(mesh.gateway.url, JSON.stringify([operation, operation]));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ message: expect.stringContaining('takes one operation per request'), extensions: { code: 'BATCHING_NOT_ALLOWED' } }]);

    const fetches = await readMetric(limited.url, PODCASTS_FETCHES);
    const tooMany = await postGraphQL(limited.url, JSON.stringify([operation, operation, operation]));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ message: expect.stringContaining('3 operations; the limit is 2'), extensions: { code: 'BATCH_TOO_LARGE' } }]);
    const expensive = { query: '{ episodes(first: 500) { edges { node { plays(first: 500) { edges { cursor } } } } } }' };
    const overCost = await postGraphQL(limited.url, JSON.stringify([operation, expensive]));
    expect(overCost.body.errors?.[0]?.extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(overCost.body.errors?.[0]?.message).toMatch(/^Operation 2 of the batch: /);
    expect(await readMetric(limited.url, PODCASTS_FETCHES)).toBe(fetches);
    // Refused requests spend no budget: this batch of two is the first 2 of the 3 requests a minute.
    const served = await fetch(limited.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([operation, operation]) });
    expect(served.status).toBe(200);
    const results = (await served.json()) as { data?: { plays: { totalCount: number } } }[];
    expect(results).toHaveLength(2);
    expect(results[1]!.data!.plays.totalCount).toBeGreaterThan(0);
  });

  it('rate limits: the request past the minute\'s budget gets 429 with Retry-After; a caller from another address is not affected', async () => {
    const operation = { query: '{ plays(first: 1) { totalCount } }' };
    // The batch of the previous test spent 2 of this address's 3 requests.
    expect((await postFrom('127.0.0.1', limited.url, operation)).status).toBe(200);
    const over = await postFrom('127.0.0.1', limited.url, operation);
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(over.body.errors).toEqual([
      {
        message: expect.stringMatching(/^An anonymous caller from 127\.0\.0\.1 has used its 3 requests per minute; retry in \d+ s\./),
        extensions: { code: 'RATE_LIMITED', limit: 'requestsPerMinute', retryAfterSeconds: retryAfter },
      },
    ]);
    const other = await postFrom('127.0.0.2', limited.url, operation);
    expect(other.status).toBe(200);
    expect(other.body.data.plays.totalCount).toBeGreaterThan(0);
    // The mesh's own gateway has governance off and no rate limits set: it limits nobody.
    for (let i = 0; i < 5; i++) expect((await postGraphQL(mesh.gateway.url, operation)).status).toBe(200);
  });
});

/** POSTs `body` to `url` from the local address `localAddress` (any 127.x.x.x reaches the loopback). */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const request = httpRequest(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(text);
  });
}
