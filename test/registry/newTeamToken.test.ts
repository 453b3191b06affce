import { describe, expect, it } from 'vitest';
import { runTokenCommand } from '../../bin/runTokenCommand.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';

describe('a new team gets its credentials in development', () => {
  const leftovers = useLeftovers();

  it('meshgraph token <domain> issues the owner of a domain the demo does not know; a typo of a demo consumer is still refused', async () => {
    const dir = leftovers.track(await createTempDir());
    const run = async (args: string[]) => {
      const output: string[] = [];
      const code = await runTokenCommand(args, { MESHGRAPH_DATA_DIR: dir.path }, (text) => output.push(text), (text) => output.push(text));
      return { code, text: output.join('') };
    };
    for (const name of ['merch', 'merch-owner']) {
      const issued = await run([name]);
      expect(issued.code).toBe(0);
      expect(issued.text).toMatch(/^# merch-owner \(person, team merch, owns merch\)/);
    }
    expect(await run(['analist'])).toMatchObject({ code: 2, text: expect.stringContaining('Did you mean "analyst"?') });
  });
});
