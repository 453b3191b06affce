import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, DEMO_SUBGRAPH_PORTS } from '../../gateway/index.ts';
import { forkService, type ForkedService } from './forkService.ts';

const CLI = fileURLToPath(new URL('../../bin/meshgraph.ts', import.meta.url));

/**
 * The four demo domains, each in its own process on a free port, on an event
 * log of their own (a temporary folder) with no simulated sources, so every
 * gateway measured sees the same data; and their composed supergraph.
 */
export async function startDemoSubgraphs(env: NodeJS.ProcessEnv) {
  const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-data-'));
  const serviceEnv = { MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_PLAYS_PER_SECOND: '0', MESHGRAPH_SIGNUPS_PER_SECOND: '0', ...env };
  const fork = (name: string) => forkService(name, CLI, ['subgraph', name], serviceEnv);
  // Producers first: a consumer started on an empty log would be ready before the history is in it.
  const producers = await Promise.all(['listeners', 'podcasts'].map(fork));
  const consumers = await Promise.all(Object.keys(DEMO_SUBGRAPH_PORTS).filter((name) => !['listeners', 'podcasts'].includes(name)).map(fork));
  const subgraphs: ForkedService[] = [...producers, ...consumers];
  const withSdl = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
      const sdl = ((await response.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
      return { name, url, sdl };
    }),
  );
  const supergraphFile = join(tmpdir(), `meshgraph-bench-supergraph-${process.pid}.graphql`);
  writeFileSync(supergraphFile, composeSupergraph(withSdl));
  return {
    endpoints: subgraphs.map(({ name, url }) => ({ name, url })),
    supergraphFile,
    async stop() {
      await Promise.all(subgraphs.map((s) => s.stop()));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
