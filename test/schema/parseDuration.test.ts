import { describe, expect, it } from 'vitest';
import { durationSeconds, parseDuration } from '../../schema/index.ts';

describe('ISO-8601 durations, one grammar for descriptors and the catalog', () => {
  it.each([
    ['PT5M', 300],
    ['PT1S', 1],
    ['P1D', 86_400],
    ['P2Y', 2 * 365 * 86_400],
    ['PT1H30M', 5_400],
    ['P1W', 604_800],
    ['P1DT12H', 129_600],
    ['P1.5D', 129_600],
    ['PT0,5S', 0.5],
    ['PT1M1.5S', 61.5],
  ])('%s is %d seconds', (duration, seconds) => {
    expect(durationSeconds(duration)).toBe(seconds);
  });

  it('keeps the parts as written, so the ODCS export can show a value and its unit', () => {
    expect(parseDuration('PT1H30M')).toEqual([
      { value: 1, unit: 'hours' },
      { value: 30, unit: 'minutes' },
    ]);
    expect(parseDuration('P1.5D')).toEqual([{ value: 1.5, unit: 'days' }]);
  });

  it.each([
    ['', 'no designator'],
    ['P', 'no part'],
    ['PT', 'no time part after T'],
    ['P1DT', 'a T with nothing after it'],
    ['5 minutes', 'words'],
    ['P1.5DT2H', 'a fraction on a part that is not the last'],
    ['PT1.5H30M', 'a fraction on hours followed by minutes'],
    ['P1W2D', 'weeks beside other parts'],
    ['PT5H1D', 'parts out of order'],
    ['P.5D', 'a fraction with no whole part'],
    ['P-1D', 'a sign'],
  ])('"%s" is not a duration (%s)', (duration) => {
    expect(parseDuration(duration)).toBeUndefined();
    expect(durationSeconds(duration)).toBeUndefined();
  });
});
