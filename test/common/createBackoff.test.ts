import { describe, expect, it } from 'vitest';
import { createBackoff } from '../../common/index.ts';

const delays = (count: number, delay: (retry: number) => number) => Array.from({ length: count }, (_, retry) => delay(retry));

describe('createBackoff', () => {
  it('ceilings double from the first wait up to the longest, and stay there', () => {
    const backoff = createBackoff({ initialDelayMs: 100, maxDelayMs: 1_000 }, { initialDelayMs: 1, maxDelayMs: 1 });
    expect(delays(7, backoff.ceiling)).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
    expect(backoff.ceiling(5_000)).toBe(1_000);
  });

  it('full jitter: each wait is the random share of its ceiling', () => {
    const shares = [0, 0.5, 0.25, 0.999, 0.1];
    let next = 0;
    const backoff = createBackoff({ initialDelayMs: 100, maxDelayMs: 1_000, random: () => shares[next++]! }, { initialDelayMs: 1, maxDelayMs: 1 });
    expect(delays(5, backoff.delay)).toEqual([0, 100, 100, 799, 100]);
  });

  it('full jitter is the default; with none, each wait is its ceiling', () => {
    const random = () => 0.5;
    expect(createBackoff({ random }, { initialDelayMs: 100, maxDelayMs: 5_000 }).delay(3)).toBe(400);
    expect(createBackoff({ random, jitter: 'none' }, { initialDelayMs: 100, maxDelayMs: 5_000 }).delay(3)).toBe(800);
  });

  it("the caller's defaults fill what the options leave out", () => {
    expect(delays(3, createBackoff(undefined, { initialDelayMs: 200, maxDelayMs: 500 }).ceiling)).toEqual([200, 400, 500]);
    expect(delays(3, createBackoff({ maxDelayMs: 250 }, { initialDelayMs: 200, maxDelayMs: 500 }).ceiling)).toEqual([200, 250, 250]);
    expect(delays(2, createBackoff({ initialDelayMs: undefined }, { initialDelayMs: 10, maxDelayMs: 500 }).ceiling)).toEqual([10, 20]);
  });

  it('a wait that is not a number of milliseconds is refused at creation, naming the option', () => {
    expect(() => createBackoff({ initialDelayMs: -1 }, { initialDelayMs: 1, maxDelayMs: 1 })).toThrow(/"initialDelayMs" must be a number of milliseconds, 0 or more, but is -1/);
    expect(() => createBackoff({ maxDelayMs: Number.NaN }, { initialDelayMs: 1, maxDelayMs: 1 })).toThrow(/"maxDelayMs"/);
  });
});
