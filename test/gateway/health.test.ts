import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createGateway } from '../../gateway/index.ts';
import { closeServer, listen, sendJson } from '../../server/index.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA, startMesh } from '../support/mesh.ts';

describe("the gateway's /health", () => {
  const leftovers = useLeftovers();

  it('says degraded while a subgraph does not answer, and ok again once it is back, with no query in between', async () => {
    const logger = captureLogger('gateway');
    const mesh = leftovers.track(await startMesh({ only: ['listeners', 'artists'], data: SMALL_TEST_DATA, gateway: { healthProbeMs: 50, logger } }));
    const healthUrl = mesh.gateway.url.replace('/graphql', '/health');
    expect(await getJson(healthUrl)).toMatchObject({ status: 200, body: { status: 'ok', subgraphs: { listeners: 'up', artists: 'up' } } });

    await mesh.stopSubgraph('artists');
    await logger.waitForNextLine('subgraph "artists" stopped answering its health check');
    // Still 200: the gateway serves what the others give.
    expect(await getJson(healthUrl)).toMatchObject({ status: 200, body: { status: 'degraded', subgraphs: { listeners: 'up', artists: 'down' } } });

    await mesh.restartSubgraph('artists');
    await logger.waitForNextLine('subgraph "artists" answers its health check again');
    expect(await getJson(healthUrl)).toMatchObject({ status: 200, body: { status: 'ok', subgraphs: { listeners: 'up', artists: 'up' } } });
  });

  it("passes on what a subgraph's own /health reports when that is not ok (a damaged event log, say)", async () => {
    let report: Record<string, unknown> = { status: 'ok' };
    const sdl = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"]) type Query { hello: String }';
    const subgraph = createServer((request, response) => {
      if (request.url === '/health') return sendJson(response, 200, report);
      request.resume();
      request.on('end', () => sendJson(response, 200, { data: { _service: { sdl } } }));
    });
    const port = await listen(subgraph, 0, '127.0.0.1');
    leftovers.track({ close: () => closeServer(subgraph) });
    const logger = captureLogger('gateway');
    const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'plays', url: `http://127.0.0.1:${port}/graphql` }], healthProbeMs: 50, logger }));
    await gateway.ready;

    report = { status: 'degraded', damage: [{ topic: 'podcasts.episode-plays.v1', partition: 0, offsets: '120-131' }] };
    await logger.waitForLine('subgraph "plays" reports itself degraded');
    const { body } = await getJson(gateway.url.replace('/graphql', '/health'));
    expect(body).toMatchObject({ status: 'degraded', subgraphs: { plays: 'up' }, reports: { plays: report } });
  });
});

