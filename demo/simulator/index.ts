export { startTicker } from './startTicker.ts';
export type { Ticker } from './startTicker.ts';
export { simulatePlay, simulateRegistration } from './simulateFacts.ts';
