import { readPositiveNumber, readString, type Env } from '../config/index.ts';
import type { DemoDataOptions } from './data/index.ts';

/** Reads `MESHGRAPH_SEED` (default `meshgraph`) and `MESHGRAPH_SCALE` (default 1; 10 gives ten times more data). */
export function readDemoDataOptions(env: Env): Required<DemoDataOptions> {
  return { seed: readString(env, 'MESHGRAPH_SEED', 'meshgraph'), scale: readPositiveNumber(env, 'MESHGRAPH_SCALE', 1) };
}
