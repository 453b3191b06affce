import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { claimDemoWorld, DEMO_SUBGRAPH_PORTS, readDemoDataOptions } from '../../demo/index.ts';
import { composeSupergraph } from '../../gateway/index.ts';
import { createServiceCredential, readTokenKeys } from '../../governance/identity/index.ts';
import { forkService, type ForkedService } from './forkService.ts';

const CLI = fileURLToPath(new URL('../../bin/meshgraph.ts', import.meta.url));

/** Options of `startDemoSubgraphs`. */
export interface DemoSubgraphsOptions {
  /**
   * The benchmark appends plays to the event log itself. Only one process may
   * append to a topic, and podcasts holds the plays topic once it wrote the
   * history; so podcasts is restarted after that: on a topic that has its
   * history it only reads, and appends nothing with the simulators off.
   * @default false
   */
  benchAppendsPlays?: boolean;
}

/** The four demo domains, running; `stop` ends them and removes their files. */
export interface DemoSubgraphs {
  endpoints: { name: string; url: string }[];
  /** The composed supergraph, in a temporary file. */
  supergraphFile: string;
  /** The event log's folder (the embedded log), for a benchmark that appends to it; it holds the domains' development signing key too. */
  dataDir: string;
  /** `Authorization` of a gateway's service token (valid a day), which the domains' ports answer: every gateway measured sends it (`BENCH_AUTHORIZATION`). */
  authorization: string;
  stop(): Promise<void>;
}

/**
 * The four demo domains, each in its own process on a free port, on an event
 * log of their own (a temporary folder) with no simulated sources, so every
 * gateway measured sees the same data; and their composed supergraph. If a
 * domain cannot start, those started are stopped and the folder removed.
 */
export async function startDemoSubgraphs(env: NodeJS.ProcessEnv, options: DemoSubgraphsOptions = {}): Promise<DemoSubgraphs> {
  const { benchAppendsPlays = false } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'meshgraph-bench-data-'));
  const supergraphFile = join(tmpdir(), `meshgraph-bench-supergraph-${process.pid}.graphql`);
  const serviceEnv = { MESHGRAPH_DATA_DIR: dataDir, MESHGRAPH_PLAYS_PER_SECOND: '0', MESHGRAPH_SIGNUPS_PER_SECOND: '0', ...env };
  const started: ForkedService[] = [];
  const fork = async (name: string) => {
    const service = await forkService(name, CLI, ['subgraph', name], serviceEnv);
    started.push(service);
    return service;
  };
  // Waits for every fork, so that none is left running unseen when one fails.
  const forkAll = async (names: string[]) => {
    const outcomes = await Promise.allSettled(names.map(fork));
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<ForkedService>).value);
  };
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
    await rm(dataDir, { recursive: true, force: true });
    await rm(supergraphFile, { force: true });
  };
  try {
    // Claimed here, once: domains starting together on an empty folder could each find the other's marker half written.
    await claimDemoWorld(dataDir, readDemoDataOptions({ ...process.env, ...serviceEnv }));
    // Producers first: a consumer started on an empty log would be ready before the history is in it.
    let [listeners, podcasts] = await forkAll(['listeners', 'podcasts']);
    if (benchAppendsPlays) {
      await podcasts!.stop();
      started.splice(started.indexOf(podcasts!), 1);
      podcasts = await fork('podcasts');
    }
    const consumers = await forkAll(Object.keys(DEMO_SUBGRAPH_PORTS).filter((name) => !['listeners', 'podcasts'].includes(name)));
    const subgraphs = [listeners!, podcasts!, ...consumers];
    // The domains answer only the gateway (and their owners): every gateway measured calls them with the gateway's token.
    const { signing } = await readTokenKeys({ MESHGRAPH_DATA_DIR: dataDir });
    const authorization = await createServiceCredential({ signing: signing!, ttlSeconds: 86_400 }).authorization();
    const withSdl = await Promise.all(
      subgraphs.map(async ({ name, url }) => {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: '{ _service { sdl } }' }) });
        const sdl = ((await response.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
        return { name, url, sdl };
      }),
    );
    writeFileSync(supergraphFile, composeSupergraph(withSdl));
    return { endpoints: subgraphs.map(({ name, url }) => ({ name, url })), supergraphFile, dataDir, authorization, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
