export { createRateLimiter } from './createRateLimiter.ts';
export type { RateLimiter, RateLimiterOptions, RateDecision, RateLimitName } from './createRateLimiter.ts';
export { rateLimitAdmission } from './rateLimitAdmission.ts';
