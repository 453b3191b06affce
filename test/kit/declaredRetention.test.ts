import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createDemoPodcastsDomain } from '../../demo/domains/index.ts';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { applyDeclaredRetention } from '../../subgraphs/kit/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { createTempLog } from '../support/tempLog.ts';

const leftovers = useLeftovers();

it('the plays topic podcasts creates keeps episode-plays for the two years its descriptor declares, and other topics keep no limit', async () => {
  const { log, dataDir } = leftovers.track(await createTempLog());
  const podcasts = createDemoPodcastsDomain(SMALL_TEST_DATA);
  const declared = podcasts.dataProducts.find((product) => product.name === 'episode-plays')!;
  expect(declared.retention).toBe('P2Y');

  const domainLog = applyDeclaredRetention(log, podcasts.dataProducts);
  await domainLog.createTopic(PLAYS_TOPIC);
  await domainLog.createTopic({ name: 'podcasts.scratch.v1' });

  const settings = async (topic: string) => JSON.parse(await readFile(join(dataDir, 'topics', topic, 'topic.json'), 'utf8')) as { retentionMs?: number };
  expect((await settings(PLAYS_TOPIC.name)).retentionMs).toBe(2 * 365 * 86_400_000);
  expect((await settings('podcasts.scratch.v1')).retentionMs).toBeUndefined();
});
