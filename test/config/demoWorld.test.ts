import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { claimDemoWorld } from '../../demo/index.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

describe('the demo world a data folder holds', () => {
  const leftovers = useLeftovers();

  it('is claimed once by the first domain; the same world is welcome again, another is refused with what to do', async () => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-world-')).path;
    await Promise.all(Array.from({ length: 10 }, () => claimDemoWorld(dataDir, { seed: 'meshgraph', scale: 1 })));
    // Only the claim is left: no file written aside.
    expect(await readdir(dataDir)).toEqual(['demo-world.json']);
    await claimDemoWorld(dataDir, { seed: 'meshgraph', scale: 1 });
    await expect(claimDemoWorld(dataDir, { seed: 'meshgraph', scale: 10 })).rejects.toThrow(/holds the demo world of seed "meshgraph" and scale 1.*delete that folder/);
  });
});
