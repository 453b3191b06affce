import type { DemoDataOptions } from '../demo/data/index.ts';
import { readPositiveNumber, readPositiveNumberOrZero, readString, type Env } from './env.ts';

/** Reads `MESHGRAPH_SEED` (default `meshgraph`) and `MESHGRAPH_SCALE` (default 1; 10 gives ten times more data). */
export function readDemoDataOptions(env: Env): Required<DemoDataOptions> {
  return { seed: readString(env, 'MESHGRAPH_SEED', 'meshgraph'), scale: readPositiveNumber(env, 'MESHGRAPH_SCALE', 1) };
}

/** How fast the simulated operational systems feed the source-aligned data products. */
export interface SimulationRates {
  playsPerSecond: number;
  registrationsPerSecond: number;
}

/** Reads `MESHGRAPH_PLAYS_PER_SECOND` (default 5) and `MESHGRAPH_SIGNUPS_PER_SECOND` (default 0.2); 0 stops a simulation. */
export function readSimulationRates(env: Env): SimulationRates {
  return {
    playsPerSecond: readPositiveNumberOrZero(env, 'MESHGRAPH_PLAYS_PER_SECOND', 5),
    registrationsPerSecond: readPositiveNumberOrZero(env, 'MESHGRAPH_SIGNUPS_PER_SECOND', 0.2),
  };
}
