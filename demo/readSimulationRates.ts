import { readPositiveNumberOrZero, type Env } from '../config/index.ts';

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
