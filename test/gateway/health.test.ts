import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createGateway } from '../../gateway/index.ts';
import { createSubgraphServer, type DomainDefinition } from '../../subgraphs/kit/index.ts';
import { frames, segmentFiles } from '../eventlog/support/segmentFiles.ts';
import { collectRecords } from '../support/collectRecords.ts';
import { createTempDir } from '../support/tempDir.ts';
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

  it('a domain whose event log found damage says degraded, with the damaged offsets, and so does the gateway', async () => {
    // Plays on disk, then one byte flipped in the middle of the partition: damage, not a torn tail.
    const topic = 'podcasts.episode-plays.v1';
    const dataDir = leftovers.track(await createTempDir('meshgraph-health-')).path;
    const writer = await createEmbeddedLog({ dataDir, logger: captureLogger('log') });
    await writer.createTopic({ name: topic, partitions: 1 });
    await writer.append(topic, Array.from({ length: 50 }, (_, i) => ({ key: `l-${i}`, value: `play-${i}` })));
    await writer.close();
    const [segment] = await segmentFiles(dataDir, topic, 0);
    const file = await readFile(segment!);
    file[frames(file)[20]!.start + 20]! ^= 0x10;
    await writeFile(segment!, file);

    // The domain reads its topic, as its products do at start: the scan finds the damage.
    const log = leftovers.track(await createEmbeddedLog({ dataDir, logger: captureLogger('log') }));
    const { reader } = await collectRecords(log, { topic });
    await reader.caughtUp;
    await reader.close();
    const domain: DomainDefinition = {
      name: 'plays',
      description: 'Serves plays.',
      team: { name: 'Plays', email: 'plays@example.com' },
      schema: { source: 'test/gateway/plays.graphql', sdl: 'type Query { hello: String }' },
      resolvers: { Query: { hello: () => 'hello' } },
      dataProducts: [],
    };
    const subgraph = leftovers.track(await createSubgraphServer({ domain, log, dataDir, logger: captureLogger('plays') }));
    const own = await getJson(subgraph.url.replace('/graphql', '/health'));
    expect(own).toMatchObject({ status: 200, body: { status: 'degraded', domain: 'plays', damage: [{ topic, partition: 0, firstOffset: 20, endOffset: 21 }] } });
    expect(JSON.stringify(own.body)).not.toContain(dataDir);

    const logger = captureLogger('gateway');
    const gateway = leftovers.track(await createGateway({ subgraphs: [{ name: 'plays', url: subgraph.url }], healthProbeMs: 50, logger }));
    await gateway.ready;
    await logger.waitForLine('subgraph "plays" reports itself degraded');
    expect((await getJson(gateway.url.replace('/graphql', '/health'))).body).toMatchObject({ status: 'degraded', reports: { plays: { damage: [{ topic, firstOffset: 20 }] } } });
  });
});
