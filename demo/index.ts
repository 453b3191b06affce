/**
 * The demo mesh's settings and ports. Kept free of the domains' code, so the
 * supervisor of `npm start` and the gateway load none of it; the demo domains
 * are in `./domains/`.
 */
export { DEMO_SUBGRAPH_PORTS, DEMO_SUBGRAPH_ENDPOINTS } from './demoSubgraphPorts.ts';
export { readDemoDataOptions } from './readDemoDataOptions.ts';
export { readSimulationRates } from './readSimulationRates.ts';
export type { SimulationRates } from './readSimulationRates.ts';
export { claimDemoWorld } from './claimDemoWorld.ts';
export { DEMO_CONSUMERS } from './consumers.ts';
export type { DemoDataOptions } from './data/index.ts';
