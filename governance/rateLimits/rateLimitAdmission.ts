import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../schema/index.ts';
import type { Admission } from '../../server/index.ts';
import { requestConsumer } from '../identity/requestConsumer.ts';
import type { RateLimiter, RateLimitName } from './createRateLimiter.ts';

const count = new Intl.NumberFormat('en');

/**
 * The gateway's admission of requests by rate limits: an authenticated
 * consumer (`requestConsumer`) spends its own budget, an anonymous caller
 * that of its remote address. Over a budget: HTTP 429 with `Retry-After`
 * and `RATE_LIMITED`, naming the budget and when to retry. `onLimited` is
 * told of each refusal (e.g. for a counter).
 */
export function rateLimitAdmission(limiter: RateLimiter, onLimited?: (limit: RateLimitName) => void): Admission {
  return (request, demand) => {
    const consumer = requestConsumer(request);
    const caller = consumer?.id ?? request.socket.remoteAddress ?? 'unknown';
    const decision = limiter.take(caller, consumer ? 'authenticated' : 'anonymous', demand);
    if (decision.allowed) return undefined;
    const { limit, perMinute, retryAfterSeconds } = decision;
    onLimited?.(limit);
    const who = consumer ? `Consumer "${consumer.id}"` : `An anonymous caller from ${caller}`;
    const budget = limit === 'requestsPerMinute' ? `${count.format(perMinute)} requests per minute` : `estimated cost of ${count.format(perMinute)} per minute`;
    const tooBig =
      limit === 'costPerMinute' && demand.estimatedCost > perMinute
        ? ` This request alone has an estimated cost of ${count.format(demand.estimatedCost)}: ask for less (smaller pages, fewer fields).`
        : '';
    const hint = consumer ? '' : ' Authenticated consumers have budgets of their own: send a token.';
    return {
      status: 429,
      headers: { 'retry-after': String(retryAfterSeconds) },
      error: new GraphQLError(`${who} has used its ${budget}; retry in ${retryAfterSeconds} s.${tooBig}${hint}`, {
        extensions: { code: ErrorCode.RATE_LIMITED, limit, retryAfterSeconds },
      }),
    };
  };
}
