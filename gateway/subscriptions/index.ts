export { createSubscriptionEngine } from './createSubscriptionEngine.ts';
export type { SubscriptionEngine, SubscriptionEngineOptions, SubscriptionContext, SubscriberConnection, SubscriptionStats } from './createSubscriptionEngine.ts';
export { createSubscriptionPlanner } from './createSubscriptionPlanner.ts';
export type { SubscriptionPlanner, SubscriptionPlan } from './createSubscriptionPlanner.ts';
export { SubscriptionCloseCode } from './SubscriptionCloseCode.ts';
