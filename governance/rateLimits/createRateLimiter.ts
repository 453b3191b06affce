import { LRUCache } from 'lru-cache';
import type { RequestDemand } from '../../server/index.ts';
import type { RateLimit } from '../policy/MeshPolicy.ts';

/** Which budget a caller spent: its requests or its estimated cost per minute. */
export type RateLimitName = keyof RateLimit;

/** The rate limiter's answer: go ahead (the budget is spent), or wait. */
export type RateDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** The budget that ran out. */
      limit: RateLimitName;
      /** Its size per minute. */
      perMinute: number;
      /** Whole seconds until the request would fit; for a demand larger than the budget itself, a minute. */
      retryAfterSeconds: number;
    };

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** The budgets per minute of anonymous callers and of authenticated consumers (the mesh policy's `rateLimits`). */
  limits: { anonymous: RateLimit; authenticated: RateLimit };
  /** Callers tracked at most; the least recently seen are forgotten first (a forgotten caller starts with a full budget). @default 100_000 */
  maxCallers?: number;
  /** The clock, in milliseconds. @default performance.now */
  now?: () => number;
}

/** Per-caller budgets of requests and estimated cost per minute. */
export interface RateLimiter {
  /**
   * Spends `demand` from the budgets of `caller` (a consumer id, or a remote
   * address for anonymous callers) when both have room for it, and says so;
   * otherwise spends nothing and says which budget ran out and when to retry.
   */
  take(caller: string, kind: 'anonymous' | 'authenticated', demand: RequestDemand): RateDecision;
}

/** Two token buckets of one caller: what is left of each budget, as of `at`. */
interface Buckets {
  requestsPerMinute: number;
  costPerMinute: number;
  at: number;
}

const MINUTE_MS = 60_000;

/**
 * Creates per-caller rate limits: two token buckets per caller, each as big
 * as its budget per minute and refilled evenly over the minute, so a caller
 * may spend a minute's budget at once and then as fast as it refills. In
 * memory: each gateway replica counts its own callers.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limits, maxCallers = 100_000, now = () => performance.now() } = options;
  const callers = new LRUCache<string, Buckets>({ max: maxCallers });
  return {
    take(caller, kind, demand) {
      const budget = limits[kind];
      const at = now();
      const key = `${kind}:${caller}`;
      const previous = callers.get(key);
      const refill = (name: RateLimitName) => {
        if (!previous) return budget[name];
        return Math.min(budget[name], previous[name] + ((at - previous.at) / MINUTE_MS) * budget[name]);
      };
      const buckets: Buckets = { requestsPerMinute: refill('requestsPerMinute'), costPerMinute: refill('costPerMinute'), at };
      const wanted: Record<RateLimitName, number> = { requestsPerMinute: demand.operations, costPerMinute: demand.estimatedCost };
      for (const limit of ['requestsPerMinute', 'costPerMinute'] as const) {
        if (wanted[limit] <= buckets[limit]) continue;
        callers.set(key, buckets);
        const perMinute = budget[limit];
        const retryAfterSeconds = wanted[limit] > perMinute ? 60 : Math.max(1, Math.ceil((((wanted[limit] - buckets[limit]) / perMinute) * MINUTE_MS) / 1_000));
        return { allowed: false, limit, perMinute, retryAfterSeconds };
      }
      buckets.requestsPerMinute -= wanted.requestsPerMinute;
      buckets.costPerMinute -= wanted.costPerMinute;
      callers.set(key, buckets);
      return { allowed: true };
    },
  };
}
