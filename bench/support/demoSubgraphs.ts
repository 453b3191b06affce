import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, DEMO_SUBGRAPH_PORTS } from '../../gateway/index.ts';
import { forkService, type ForkedService } from './forkService.ts';

const CLI = fileURLToPath(new URL('../../bin/meshgraph.ts', import.meta.url));

/** The four demo domains, each in its own process on a free port, and their composed supergraph. */
export async function startDemoSubgraphs(env: NodeJS.ProcessEnv) {
  const subgraphs: ForkedService[] = await Promise.all(
    Object.keys(DEMO_SUBGRAPH_PORTS).map((name) => forkService(name, CLI, ['subgraph', name], env)),
  );
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
    stop: () => Promise.all(subgraphs.map((s) => s.stop())),
  };
}
