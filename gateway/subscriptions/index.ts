export { createSubscriptionEngine } from './createSubscriptionEngine.ts';
export type { SubscriptionEngine, SubscriptionEngineOptions, SubscriptionStats } from './createSubscriptionEngine.ts';
export type { SubscriptionContext, SubscriberConnection, ResultWriter } from './SubscriptionContext.ts';
export { createSubscriptionPlanner } from './createSubscriptionPlanner.ts';
export type { SubscriptionPlanner, SubscriptionPlan } from './createSubscriptionPlanner.ts';
export { SubscriptionCloseCode } from './SubscriptionCloseCode.ts';
