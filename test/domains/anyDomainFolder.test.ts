import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServiceMessage } from '../../bin/serviceProcess.ts';
import { resolveDomainModule } from '../../bin/resolveDomainModule.ts';
import { runSubgraph } from '../../bin/runSubgraph.ts';
import { DEMO_SUBGRAPH_PORTS } from '../../demo/index.ts';
import { postGraphQL } from '../support/http.ts';
import { ownerAuthorization } from '../support/tokens.ts';
import { useLeftovers } from '../support/leftovers.ts';
import { watchOutput } from '../support/processOutput.ts';

const CLI = fileURLToPath(new URL('../../bin/meshgraph.ts', import.meta.url));
const COMPILED_CLI = fileURLToPath(new URL('../../dist/bin/meshgraph.js', import.meta.url));

// As npm start does: build the compiled CLI first if a source changed since the last build (prepare built it at install).
beforeAll(() => void execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' }), 180_000);
const KIT = pathToFileURL(fileURLToPath(new URL('../../subgraphs/kit/index.ts', import.meta.url))).href;

/** The environment of a test domain: free port, its own data folder, a small demo world, no simulated sources. */
const envFor = (dataDir: string) => ({ PORT: '0', MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_SCALE: '0.02', MESHGRAPH_PLAYS_PER_SECOND: '0', MESHGRAPH_SIGNUPS_PER_SECOND: '0', MESHGRAPH_LOG_LEVEL: 'warn' });

/** A team's new domain, outside the project: a folder whose index exports createDomain, built on the kit. */
function writeMerchDomain(root: string): string {
  const folder = join(root, 'merch');
  mkdirSync(folder);
  writeFileSync(join(folder, 'schema.graphql'), 'type Query {\n  "Merchandise on sale."\n  merch: [Merch!]!\n}\n\ntype Merch {\n  id: ID!\n  name: String!\n  domain: String!\n}\n');
  writeFileSync(
    join(folder, 'index.ts'),
    `import { readSchemaFile, type DomainContext, type DomainDefinition } from ${JSON.stringify(KIT)};

export function createDomain(context: DomainContext): DomainDefinition {
  return {
    name: 'merch',
    description: 'Band merchandise sold at shows and online.',
    team: { name: 'Merch', email: 'merch-team@meshgraph.example' },
    schema: readSchemaFile(new URL('./schema.graphql', import.meta.url)),
    resolvers: { Query: { merch: () => [{ id: 'm-1', name: 'Tour shirt', domain: context.name }] } },
    dataProducts: [],
  };
}
`,
  );
  return folder;
}

describe('any domain folder runs as a subgraph', () => {
  const leftovers = useLeftovers();
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    leftovers.track({ close: () => rmSync(dir, { recursive: true, force: true }) });
    return dir;
  };

  // The sources run through tsx (development); the compiled CLI (npm start, the package bin) loads the team's TypeScript itself.
  it.each([
    { cli: 'the sources', file: CLI, execArgv: ['--import', 'tsx'] },
    { cli: 'the compiled CLI', file: COMPILED_CLI, execArgv: [] },
  ])('a team adds a domain folder outside the project; meshgraph subgraph <path> serves it, run from $cli', async ({ file, execArgv }) => {
    const root = tempDir('meshgraph-merch-');
    const folder = writeMerchDomain(root);
    const env = envFor(join(root, 'data'));
    const child = fork(file, ['subgraph', folder], { env: { ...process.env, ...env }, execArgv, stdio: 'pipe' });
    const output = watchOutput(child);
    leftovers.track({ close: async () => void (child.exitCode === null && child.signalCode === null && (child.kill('SIGTERM'), await output.exited)) });
    const ready = await new Promise<ServiceMessage>((resolve, reject) => {
      child.on('message', (message: ServiceMessage) => message.type === 'ready' && resolve(message));
      void output.exited.then((code) => reject(new Error(`exited (${code}) before ready:\n${output.text()}`)));
    });

    // Its port answers the gateway and the domain's owners only.
    const { body } = await postGraphQL(ready.url, { query: '{ merch { id name domain } }' }, await ownerAuthorization(env, 'merch'));
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ merch: [{ id: 'm-1', name: 'Tour shirt', domain: 'merch' }] });
  });

  it('the four demo domains still run by name', async () => {
    const queries: Record<string, string> = {
      listeners: '{ listeners(first: 1) { totalCount } }',
      podcasts: '{ podcasts(first: 1) { totalCount } }',
      artists: '{ artists(first: 1) { totalCount } }',
      insights: '{ topCharts(first: 1) { edges { node { rank } } } }',
    };
    expect(Object.keys(queries)).toEqual(Object.keys(DEMO_SUBGRAPH_PORTS));
    for (const [name, query] of Object.entries(queries)) {
      const env = envFor(tempDir(`meshgraph-${name}-`));
      const server = leftovers.track(await runSubgraph(name, env));
      const { body } = await postGraphQL(server.url, { query }, await ownerAuthorization(env, name));
      expect(body.errors, name).toBeUndefined();
      if (name !== 'insights') expect(Object.values(body.data!)[0].totalCount, `${name} serves the demo world`).toBeGreaterThan(0);
    }
  });

  it('an unknown name is refused with the domains that exist; a folder without createDomain says what it must export', async () => {
    await expect(resolveDomainModule('weather')).rejects.toThrow(
      'Unknown domain "weather". Domains: listeners, podcasts, artists, insights. Or give the path of a domain folder',
    );
    await expect(resolveDomainModule('kit')).rejects.toThrow('Unknown domain "kit".');
    const root = tempDir('meshgraph-empty-');
    writeFileSync(join(root, 'index.ts'), 'export const nothing = 1;\n');
    await expect(resolveDomainModule(root)).rejects.toThrow(/index\.ts does not export createDomain/);
    await expect(resolveDomainModule('./no/such/folder', root)).rejects.toThrow(/No domain at "\.\/no\/such\/folder"/);
  });
});
