import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileIfExists } from '../../storage/readFileIfExists.ts';
import { useLeftovers } from '../support/leftovers.ts';

describe('readFileIfExists', () => {
  const leftovers = useLeftovers();

  it('gives the text of a file, undefined for no file, and throws any other failure', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshgraph-read-'));
    leftovers.track({ close: () => rm(dir, { recursive: true, force: true }) });
    await writeFile(join(dir, 'a.json'), '{"é":1}');
    expect(await readFileIfExists(join(dir, 'a.json'))).toBe('{"é":1}');
    expect(await readFileIfExists(join(dir, 'missing.json'))).toBeUndefined();
    expect(await readFileIfExists(join(dir, 'no-such-folder', 'a.json'))).toBeUndefined();
    await expect(readFileIfExists(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
