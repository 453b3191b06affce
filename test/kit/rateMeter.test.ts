import { describe, expect, it } from 'vitest';
import { createRateMeter } from '../../subgraphs/kit/rateMeter.ts';

describe('live figures arithmetic', () => {
  it('a rate spans the last minute of samples of a counter', () => {
    const meter = createRateMeter(60_000);
    expect(meter.perSecond()).toBe(0);
    meter.sample(0, 0);
    meter.sample(500, 50_000);
    expect(meter.perSecond()).toBe(10);
    // A minute later the first samples fall out of the window: only the recent pace counts.
    meter.sample(500, 110_000);
    meter.sample(800, 120_000);
    expect(meter.perSecond()).toBeCloseTo(300 / 70, 5);
  });
});
