import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson, postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTestDomains, SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';
import { freePort } from '../support/freePort.ts';
import { createTempLog } from '../support/tempLog.ts';

const CHART_WITH_HOSTS = `{ topCharts(first: 3) { edges { node { rank plays episode { title podcast { host { name } } } } } } }`;

describe('when subgraphs are missing', () => {
  const leftovers = useLeftovers();

  it('a gateway started before its subgraphs waits for them, logging each wait, then serves', async () => {
    const domains = createTestDomains(SMALL_TEST_DATA);
    const ports = { listeners: await freePort(), podcasts: await freePort(), artists: await freePort(), insights: await freePort() };
    const logger = captureLogger('gateway');
    const gateway = leftovers.track(
      await createGateway({
        subgraphs: Object.entries(ports).map(([name, port]) => ({ name, url: `http://127.0.0.1:${port}/graphql` })),
        backoff: { initialDelayMs: 10, maxDelayMs: 50 },
        logger,
      }),
    );
    await logger.waitForLine('waiting for subgraph "podcasts"');

    // Before the subgraphs are up, the gateway answers clearly instead of failing.
    const early = await postGraphQL(gateway.url, { query: '{ __typename }' });
    expect(early.status).toBe(503);
    expect(early.body.errors?.[0]?.extensions?.code).toBe('GATEWAY_STARTING');
    expect(early.body.errors?.[0]?.message).toContain('"podcasts"');
    expect((await getJson(gateway.url.replace('/graphql', '/health'))).body.status).toBe('starting');

    const { log, dataDir } = leftovers.track(await createTempLog({ prefix: 'meshgraph-late-' }));
    // Producers first, so the consumers find the history in the log.
    for (const name of ['listeners', 'podcasts', 'artists', 'insights'] as const) {
      leftovers.track(await createSubgraphServer({ domain: domains[name], port: ports[name], logger: captureLogger(name), log, dataDir }));
    }
    await gateway.ready;

    const waits = logger.lines.filter((line) => line.includes('waiting for subgraph'));
    expect(waits.length).toBeGreaterThanOrEqual(4);
    // The first wait is a random share (jitter) of the first backoff step, 10 ms.
    expect(waits[0]).toMatch(/attempt=1 retryInMs=([0-9]|10) reason=ECONNREFUSED/);
    const { body } = await postGraphQL(gateway.url, { query: CHART_WITH_HOSTS });
    expect(body.errors).toBeUndefined();
    expect(body.data!.topCharts.edges).toHaveLength(3);
  });

  it('a subgraph that goes down costs only its fields, named in an error; when it is back, full answers return', async () => {
    // The three domains a chart with its hosts comes from.
    const mesh = leftovers.track(await startMesh({ only: ['podcasts', 'artists', 'insights'], data: SMALL_TEST_DATA }));
    const healthUrl = mesh.gateway.url.replace('/graphql', '/health');
    await mesh.stopSubgraph('artists');

    const partial = await postGraphQL(mesh.gateway.url, { query: CHART_WITH_HOSTS });
    expect(partial.status).toBe(200);
    // The charts and episode titles still arrive…
    const edges = partial.body.data!.topCharts.edges;
    expect(edges).toHaveLength(3);
    expect(typeof edges[0].node.episode.title).toBe('string');
    // …and the error names the missing subgraph, without internals.
    const error = partial.body.errors!.find((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')!;
    expect(error.message).toContain('Subgraph "artists" is unavailable');
    expect(error.extensions!.subgraph).toBe('artists');
    expect(JSON.stringify(partial.body)).not.toMatch(/stacktrace|127\.0\.0\.1/);
    expect((await getJson(healthUrl)).body.subgraphs.artists).toBe('down');

    await mesh.restartSubgraph('artists');
    const full = await postGraphQL(mesh.gateway.url, { query: CHART_WITH_HOSTS });
    expect(full.body.errors).toBeUndefined();
    expect(typeof full.body.data!.topCharts.edges[0].node.episode.podcast.host.name).toBe('string');
    expect((await getJson(healthUrl)).body.subgraphs.artists).toBe('up');
  });

  it('a root field of a subgraph that is down is null with the error, and other root fields still answer', async () => {
    const mesh = leftovers.track(await startMesh({ only: ['listeners', 'artists'], data: SMALL_TEST_DATA }));
    await mesh.stopSubgraph('listeners');
    const { status, body } = await postGraphQL(mesh.gateway.url, {
      query: '{ listeners(first: 1) { totalCount } artists(first: 1) { totalCount } }',
    });
    expect(status).toBe(200);
    expect(body.data).toEqual({ listeners: null, artists: { totalCount: mesh.domains.artists.store.artists.length } });
    expect(body.errors![0]!.message).toContain('Subgraph "listeners" is unavailable');
  });
});
