export { startTicker } from './startTicker.ts';
export type { Ticker } from './startTicker.ts';
export { simulatePlay, simulateRegistration } from './simulateFacts.ts';
export { simulateInto } from './simulateInto.ts';
export type { SimulateIntoOptions } from './simulateInto.ts';
