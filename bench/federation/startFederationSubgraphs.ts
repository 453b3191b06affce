import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeSupergraph } from '../../gateway/index.ts';
import { forkService, type ForkedService } from '../support/forkService.ts';
import { FEDERATION_SUBGRAPHS } from './federationSubgraphs.ts';

const SUBGRAPH_PROCESS = fileURLToPath(new URL('./subgraphProcess.ts', import.meta.url));

/** The federation benchmark's four subgraphs, running; `stop` ends them and removes the supergraph file. */
export interface FederationSubgraphs {
  endpoints: { name: string; url: string }[];
  /** The subgraphs' processes, to pin to a core. */
  processes: ForkedService[];
  /** Their supergraph, composed with the gateway's `composeSupergraph`, in a temporary file. */
  supergraphFile: string;
  stop(): Promise<void>;
}

/** Starts accounts, inventory, products and reviews, each in its own process on a free port, and writes their supergraph. */
export async function startFederationSubgraphs(): Promise<FederationSubgraphs> {
  const supergraphFile = join(tmpdir(), `meshgraph-federation-supergraph-${process.pid}.graphql`);
  const outcomes = await Promise.allSettled(Object.keys(FEDERATION_SUBGRAPHS).map((name) => forkService(name, SUBGRAPH_PROCESS, [name])));
  const processes = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await rm(supergraphFile, { force: true });
  };
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const endpoints = processes.map(({ name, url }) => ({ name, url }));
  await writeFile(supergraphFile, composeSupergraph(endpoints.map((e) => ({ ...e, sdl: FEDERATION_SUBGRAPHS[e.name]!.sdl }))));
  return { endpoints, processes, supergraphFile, stop };
}
