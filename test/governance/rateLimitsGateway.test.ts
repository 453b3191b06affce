import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../gateway/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { postGraphQL } from '../support/http.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { readMetric } from '../support/metrics.ts';
import { subscribe } from '../support/subscriber.ts';

const LISTENERS = '{ listeners(first: 5) { totalCount edges { node { id } } } }';

describe('rate limits of a governed gateway: per consumer, after authentication and the cost estimate', () => {
  let mesh: GovernedMesh;
  /** A replica over the same domains and governance, with budgets small enough to spend in a test. */
  let gateway: Gateway;
  beforeAll(async () => {
    mesh = await startGovernedMesh({ only: ['listeners'] });
    gateway = await createGateway({
      subgraphs: Object.values(mesh.subgraphs).map(({ name, url }) => ({ name, url })),
      governance: mesh.governance,
      credential: mesh.governance.credential,
      // LISTENERS is estimated at 1 + 5 × 2 = 11.
      rateLimits: { anonymous: { requestsPerMinute: 1, costPerMinute: 1_000 }, authenticated: { requestsPerMinute: 10, costPerMinute: 40 } },
      backoff: { initialDelayMs: 20, maxDelayMs: 200 },
      logger: captureLogger('limited'),
    });
    await gateway.ready;
  });
  afterAll(async () => {
    await gateway?.close();
    await mesh?.close();
  });

  it("a consumer's estimated cost per minute runs out; another consumer is not affected, nor the mesh's other gateway", async () => {
    const analyst = { authorization: await mesh.token('analyst') };
    for (let i = 0; i < 3; i++) expect((await postGraphQL(gateway.url, { query: LISTENERS }, analyst)).status).toBe(200);
    // 33 of 40 spent: the 4th (11 more) is over the cost budget before the request budget.
    const over = await postGraphQL(gateway.url, { query: LISTENERS }, analyst);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(over.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Consumer "analyst" has used its estimated cost of 40 per minute; retry in \d+ s\.$/),
        extensions: { code: 'RATE_LIMITED', limit: 'costPerMinute', retryAfterSeconds: Number(over.headers.get('retry-after')) },
      },
    ]);
    expect(await readMetric(gateway.url, 'meshgraph_rate_limited_total{limit="costPerMinute"}')).toBe(1);
    const chartsWeb = { authorization: await mesh.token('charts-web') };
    expect((await postGraphQL(gateway.url, { query: '{ listeners(first: 1) { totalCount } }' }, chartsWeb)).status).toBe(200);
    expect((await postGraphQL(mesh.gateway.url, { query: LISTENERS }, analyst)).status).toBe(200);
  });

  it('over WebSocket the operation past the budget gets an error result with RATE_LIMITED', async () => {
    const connectionParams = { authorization: await mesh.token('royalties-payout') };
    for (let i = 0; i < 3; i++) {
      const client = subscribe(gateway.url, LISTENERS, { connectionParams });
      expect((await client.next()).errors).toBeUndefined();
      await client.close();
    }
    const client = subscribe(gateway.url, LISTENERS, { connectionParams });
    expect(await client.ended).toMatchObject([
      { message: expect.stringContaining('Consumer "royalties-payout" has used its estimated cost of 40 per minute'), extensions: { code: 'RATE_LIMITED', limit: 'costPerMinute' } },
    ]);
    await client.close();
  });

  it('an anonymous caller has the anonymous budget, apart from every consumer', async () => {
    expect((await postGraphQL(gateway.url, { query: '{ listeners(first: 1) { totalCount } }' })).status).toBe(200);
    const over = await postGraphQL(gateway.url, { query: '{ listeners(first: 1) { totalCount } }' });
    expect(over.status).toBe(429);
    expect(over.body.errors?.[0]?.message).toMatch(/^An anonymous caller from 127\.0\.0\.1 has used its 1 requests per minute; .*send a token\.$/);
  });
});
