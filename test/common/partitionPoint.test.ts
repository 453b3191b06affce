import { describe, expect, it } from 'vitest';
import { partitionPoint } from '../../common/index.ts';

const lowerBound = (sorted: readonly number[], x: number) => partitionPoint(0, sorted.length, (i) => sorted[i]! < x);
const upperBound = (sorted: readonly number[], x: number) => partitionPoint(0, sorted.length, (i) => sorted[i]! <= x);

describe('partitionPoint', () => {
  it('an empty range gives its start', () => {
    expect(partitionPoint(0, 0, () => true)).toBe(0);
    expect(partitionPoint(7, 7, () => false)).toBe(7);
  });

  it('when everything comes before, the end; when nothing does, the start', () => {
    expect(lowerBound([1, 2, 3], 10)).toBe(3);
    expect(lowerBound([1, 2, 3], 0)).toBe(0);
    expect(partitionPoint(4, 9, () => true)).toBe(9);
    expect(partitionPoint(4, 9, () => false)).toBe(4);
  });

  it('duplicates: the lower bound is before the run of equals, the upper bound after it', () => {
    const sorted = [1, 2, 2, 2, 3];
    expect(lowerBound(sorted, 2)).toBe(1);
    expect(upperBound(sorted, 2)).toBe(4);
    expect(lowerBound([5, 5, 5], 5)).toBe(0);
    expect(upperBound([5, 5, 5], 5)).toBe(3);
  });

  it('searches only inside [low, high) and asks only there', () => {
    const asked: number[] = [];
    const point = partitionPoint(10, 20, (i) => (asked.push(i), i < 13));
    expect(point).toBe(13);
    expect(asked.every((i) => i >= 10 && i < 20)).toBe(true);
    expect(asked.length).toBeLessThanOrEqual(Math.ceil(Math.log2(10)) + 1);
  });

  it('agrees with a linear scan on every length up to 40 and every split', () => {
    for (let length = 0; length <= 40; length++) {
      for (let split = 0; split <= length; split++) {
        expect(partitionPoint(0, length, (i) => i < split)).toBe(split);
      }
    }
  });

  it('works beyond 2^31 without overflowing the middle', () => {
    const split = 2 ** 31 + 12_345;
    let asked = 0;
    const isBefore = (i: number) => {
      if (++asked > 64) throw new Error(`asked ${asked} times: the search does not converge`);
      return i < split;
    };
    expect(partitionPoint(2 ** 31 - 5, 2 ** 32, isBefore)).toBe(split);
  });
});
