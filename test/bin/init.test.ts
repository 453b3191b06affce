import { execFile } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand } from '../../bin/runCheckCommand.ts';
import { runInitCommand } from '../../bin/runInitCommand.ts';
import { runSubgraph } from '../../bin/runSubgraph.ts';
import { freePort } from '../support/freePort.ts';
import { postGraphQL } from '../support/http.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { createTempDir } from '../support/tempDir.ts';
import { ownerAuthorization } from '../support/tokens.ts';

const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

/** What a command wrote, and its exit code. */
const capture = () => {
  const output = { out: '', err: '' };
  return { output, out: (text: string) => void (output.out += text), err: (text: string) => void (output.err += text) };
};

describe('meshgraph init <domain>', () => {
  const leftovers = useLeftovers('file');
  let root: string;
  let folder: string;
  let printed: string;
  beforeAll(async () => {
    root = leftovers.track(await createTempDir('meshgraph-init-')).path;
    const { output, out, err } = capture();
    expect(runInitCommand(['merch'], root, out, err), output.err).toBe(0);
    folder = join(root, 'merch');
    printed = output.out;
  });

  it('creates a domain folder and prints the next steps: edit, test, check, run, publish', () => {
    expect(readdirSync(folder).sort()).toEqual(['index.ts', 'merch.test.ts', 'schema.graphql', 'vitest.config.mts']);
    expect(printed).toContain('Created domain "merch" in ./merch');
    for (const step of ['1. Edit', '2. Test       npx vitest run --root ./merch', '3. Token      export MESHGRAPH_TOKEN=$(npx meshgraph token merch | tail -1)', '4. Check      npx meshgraph check ./merch', '5. Run        npx meshgraph subgraph ./merch', '6. Publish    npx meshgraph publish ./merch']) {
      expect(printed).toContain(step);
    }
  });

  it("the scaffold's own test passes at once", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [VITEST, 'run', '--root', folder], { env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    expect(stdout).toMatch(/Tests\s+3 passed/);
    // In a folder of no package (of type module), a vitest.config.ts would have Vite warn of its ESM syntax.
    expect(stdout + stderr).not.toContain('ESM syntax');
  }, 120_000);

  it('meshgraph check passes on it, with no warning', async () => {
    const { output, out, err } = capture();
    const code = await runCheckCommand([folder, '--json', '--gateway', `http://127.0.0.1:${await freePort()}`], {}, out, err);
    expect(output.err).toBe('');
    expect(JSON.parse(output.out)).toMatchObject({ subgraph: 'merch', passed: true, problems: [] });
    expect(code).toBe(0);
  });

  it('meshgraph subgraph <folder> runs it: it serves its data product', async () => {
    const dataDir = leftovers.track(await createTempDir('meshgraph-init-data-')).path;
    const env = { PORT: '0', MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_LOG_LEVEL: 'warn' };
    const server = leftovers.track(await runSubgraph(folder, env));
    const { body } = await postGraphQL(server.url, { query: '{ merchItems { id name } }' }, await ownerAuthorization(env, 'merch'));
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ merchItems: [{ id: 'merch-1', name: 'The first MerchItem' }] });
  });

  it('a domain written into a folder of another name (--dir shop) runs too: it owns its topics by its own name', async () => {
    const { output, out, err } = capture();
    expect(runInitCommand(['merch', '--dir', 'shop'], root, out, err), output.err).toBe(0);
    const dataDir = leftovers.track(await createTempDir('meshgraph-init-data-')).path;
    const env = { PORT: '0', MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_LOG_LEVEL: 'warn' };
    const server = leftovers.track(await runSubgraph(join(root, 'shop'), env));
    const { body } = await postGraphQL(server.url, { query: '{ merchItems { id } }' }, await ownerAuthorization(env, 'merch'));
    expect(body.data).toEqual({ merchItems: [{ id: 'merch-1' }] });
  });

  it('refuses a folder that is not empty, a bad name and a demo domain, saying why', () => {
    writeFileSync(join(root, 'notes.txt'), 'mine');
    const cases: [string[], RegExp][] = [
      [['merch'], /merch already exists and is not an empty folder/],
      [['shop', '--dir', '.'], /already exists and is not an empty folder/],
      [['Merch_Shop'], /lower-case kebab-case, like "merch" or "live-events".*"Merch_Shop" is not/],
      [['podcasts'], /"podcasts" is a domain of the demo mesh/],
      [[], /needs the new domain's name/],
    ];
    for (const [args, message] of cases) {
      const { output, out, err } = capture();
      expect(runInitCommand(args, root, out, err), args.join(' ')).toBe(2);
      expect(output.err).toMatch(message);
      expect(output.out).toBe('');
    }
    expect(existsSync(join(root, 'Merch_Shop'))).toBe(false);
  });
});
