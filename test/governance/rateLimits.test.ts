import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { Consumer } from '../../governance/Consumer.ts';
import { setRequestConsumer } from '../../governance/identity/requestConsumer.ts';
import { createRateLimiter, rateLimitAdmission } from '../../governance/rateLimits/index.ts';

const LIMITS = { anonymous: { requestsPerMinute: 2, costPerMinute: 100 }, authenticated: { requestsPerMinute: 3, costPerMinute: 1_000 } };
const one = (estimatedCost = 1) => ({ operations: 1, estimatedCost });

/** A clock the test moves. */
function clock() {
  let ms = 0;
  return { now: () => ms, advance: (by: number) => void (ms += by) };
}

describe('per-consumer rate limits', () => {
  it('the (N+1)-th request in a minute is refused with when to retry; another consumer is not affected; the budget refills', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits: LIMITS, now: time.now });
    for (let i = 0; i < 3; i++) expect(limiter.take('analyst', 'authenticated', one())).toEqual({ allowed: true });
    // One request refills every 20 s: the fourth must wait for it.
    expect(limiter.take('analyst', 'authenticated', one())).toEqual({ allowed: false, limit: 'requestsPerMinute', perMinute: 3, retryAfterSeconds: 20 });
    expect(limiter.take('charts-web', 'authenticated', one())).toEqual({ allowed: true });
    time.advance(15_000);
    expect(limiter.take('analyst', 'authenticated', one())).toMatchObject({ allowed: false, retryAfterSeconds: 5 });
    time.advance(5_000);
    expect(limiter.take('analyst', 'authenticated', one())).toEqual({ allowed: true });
  });

  it('the estimated cost counts against the cost budget; a request larger than the whole budget waits a minute', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits: LIMITS, now: time.now });
    expect(limiter.take('10.0.0.1', 'anonymous', one(80))).toEqual({ allowed: true });
    // 20 left, 50 asked: 30 more refill in 18 s. A refused request spends nothing.
    expect(limiter.take('10.0.0.1', 'anonymous', one(50))).toEqual({ allowed: false, limit: 'costPerMinute', perMinute: 100, retryAfterSeconds: 18 });
    expect(limiter.take('10.0.0.1', 'anonymous', one(20))).toEqual({ allowed: true });
    expect(limiter.take('10.0.0.2', 'anonymous', one(101))).toMatchObject({ allowed: false, limit: 'costPerMinute', retryAfterSeconds: 60 });
    // A batch counts each of its operations.
    expect(limiter.take('10.0.0.3', 'anonymous', { operations: 3, estimatedCost: 3 })).toMatchObject({ allowed: false, limit: 'requestsPerMinute' });
  });

  it('the gateway admission keys authenticated consumers by id and anonymous callers by address, and answers 429 with Retry-After', () => {
    const admit = rateLimitAdmission(createRateLimiter({ limits: LIMITS, now: clock().now }));
    const request = (remoteAddress: string, consumer?: Consumer) => {
      const message = { socket: { remoteAddress } } as unknown as IncomingMessage;
      setRequestConsumer(message, consumer);
      return message;
    };
    const analyst: Consumer = { id: 'analyst', kind: 'person', team: 'insights', owns: [], scopes: [], regions: ['EU'] };
    // The analyst from two addresses is one consumer; an anonymous caller from the same address has a budget of its own.
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.1']) expect(admit(request(address, analyst), one())).toBeUndefined();
    const refusal = admit(request('10.0.0.2', analyst), one());
    expect(refusal?.status).toBe(429);
    expect(refusal?.headers).toEqual({ 'retry-after': '20' });
    expect(refusal?.error.message).toBe('Consumer "analyst" has used its 3 requests per minute; retry in 20 s.');
    expect(refusal?.error.extensions).toEqual({ code: 'RATE_LIMITED', limit: 'requestsPerMinute', retryAfterSeconds: 20 });
    expect(admit(request('10.0.0.1'), one())).toBeUndefined();
    expect(admit(request('10.0.0.1'), one(500))?.error.message).toBe(
      'An anonymous caller from 10.0.0.1 has used its estimated cost of 100 per minute; retry in 60 s. This request alone has an estimated cost of 500: ask for less (smaller pages, fewer fields). Authenticated consumers have budgets of their own: send a token.',
    );
  });
});
