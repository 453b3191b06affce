export { createSubscriptionEngine } from './createSubscriptionEngine.ts';
export type { SubscriptionEngine, SubscriptionEngineOptions, SubscriptionStats } from './createSubscriptionEngine.ts';
export type { SubscriptionContext, SubscriberConnection, ResultWriter } from './SubscriptionContext.ts';
export { createSubscriptionPlanner, subscriptionPlannerOf } from './createSubscriptionPlanner.ts';
export type { PlannableSupergraph, SubscriptionPlanner, SubscriptionPlan } from './createSubscriptionPlanner.ts';
export { SubscriptionCloseCode } from './SubscriptionCloseCode.ts';
