import type { DomainContext } from '../../subgraphs/kit/index.ts';
import { claimDemoWorld } from '../claimDemoWorld.ts';
import type { DemoDataOptions } from '../data/index.ts';
import { readDemoDataOptions } from '../readDemoDataOptions.ts';
import { readSimulationRates, type SimulationRates } from '../readSimulationRates.ts';

/** Options of a demo domain: the demo world, and how fast its simulated sources send. */
export type DemoDomainOptions = DemoDataOptions & Partial<SimulationRates>;

/**
 * The demo world and simulation rates from the environment (`MESHGRAPH_SEED`,
 * `MESHGRAPH_SCALE`, `MESHGRAPH_PLAYS_PER_SECOND`, `MESHGRAPH_SIGNUPS_PER_SECOND`);
 * on the embedded log, first claims the data folder for that world (see `claimDemoWorld`).
 */
export async function readDemoDomainOptions({ env, eventLog, dataDir }: DomainContext): Promise<DemoDomainOptions> {
  const data = readDemoDataOptions(env);
  if (eventLog.kind === 'embedded') await claimDemoWorld(dataDir, data);
  return { ...data, ...readSimulationRates(env) };
}
