import { expect, it } from 'vitest';
import { createCheckpointStore } from '../../subgraphs/kit/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

const leftovers = useLeftovers();

it('a checkpoint holds the state as it was when saved, not as it became while the file was written', async () => {
  const dataDir = leftovers.track(await createTempDir('meshgraph-checkpoint-')).path;
  const checkpoints = createCheckpointStore<{ plays: number }[]>(dataDir, 'tests.totals');
  // Totals are live objects: the next batch changes them while the checkpoint is being written.
  const totals = [{ plays: 10 }];
  const saving = checkpoints.save({ plays: { 0: 10 } }, totals);
  totals[0]!.plays = 11;
  await saving;
  expect(await checkpoints.load()).toMatchObject({ offsets: { plays: { 0: 10 } }, state: [{ plays: 10 }] });
});
