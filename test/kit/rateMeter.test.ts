import { describe, expect, it } from 'vitest';
import { durationSeconds } from '../../gateway/catalog/isoDuration.ts';
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

  it.each([
    ['PT5M', 300],
    ['PT1S', 1],
    ['P1D', 86_400],
    ['P2Y', 2 * 365 * 86_400],
    ['PT1H30M', 5_400],
    ['P1W', 604_800],
  ])('ISO-8601 duration %s is %i seconds', (duration, seconds) => {
    expect(durationSeconds(duration)).toBe(seconds);
  });

  it.each(['', 'P', 'PT', '5 minutes', 'P1DT'])('"%s" is not a duration', (duration) => {
    expect(durationSeconds(duration)).toBeUndefined();
  });
});
