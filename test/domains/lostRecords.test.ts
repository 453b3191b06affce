import { readFile, writeFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { createEmbeddedLog } from '../../eventlog/embedded/index.ts';
import { createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import type { DiscoveredDataProduct } from '../../schema/index.ts';
import { createSubgraphServer } from '../../subgraphs/kit/index.ts';
import { frames, segmentFiles } from '../eventlog/support/segmentFiles.ts';
import { captureLogger } from '../support/captureLogger.ts';
import { getJson } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { createTempDir } from '../support/tempDir.ts';

const leftovers = useLeftovers();

it('a play damaged on disk shows in episode-plays\u2019 figures as a lost record, and the other plays are still served', async () => {
  const dataDir = leftovers.track(await createTempDir('meshgraph-lost-')).path;
  const start = async () => {
    const log = leftovers.track(await createEmbeddedLog({ dataDir, principal: 'podcasts', logger: captureLogger('log') }));
    return leftovers.track(await createSubgraphServer({ domain: createDemoPodcastsDomain(SMALL_TEST_DATA), log, dataDir, logger: captureLogger('podcasts') }));
  };
  const playsOf = async (url: string) => {
    const { body } = await getJson<{ dataProducts: DiscoveredDataProduct[] }>(url.replace(/\/graphql$/, '/data-products'));
    return body.dataProducts.find((product) => product.name === 'episode-plays')!.figures!;
  };

  // podcasts writes its history of plays, then stops.
  const first = await start();
  const before = await playsOf(first.url);
  expect(before.lostRecords).toBeUndefined();
  await first.close();

  // One byte flips in the middle of a partition of the plays topic.
  const [segment] = await segmentFiles(dataDir, PLAYS_TOPIC.name, 0);
  const bytes = await readFile(segment!);
  const middle = frames(bytes)[100]!;
  bytes[middle.start + 30]! ^= 0x01;
  await writeFile(segment!, bytes);

  const again = await start();
  const after = await playsOf(again.url);
  expect(after.lostRecords).toBe(1);
  expect(after.recordCount).toBe(before.recordCount - 1);
  expect((await getJson<{ status: string }>(again.url.replace(/\/graphql$/, '/health'))).body.status).toBe('degraded');
});
