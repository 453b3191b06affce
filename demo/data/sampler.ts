/**
 * Weighted sampling: a cumulative table searched by bisection, so drawing from
 * tens of thousands of weighted items costs a few comparisons.
 */
import { partitionPoint } from '../../common/index.ts';
import type { Random } from './random.ts';

/** Draws indexes in proportion to fixed weights. */
export interface WeightedSampler {
  /** Number of items the sampler draws from. */
  readonly size: number;
  /** An index in [0, size), drawn in proportion to its weight. */
  sample(random: Random): number;
}

/** Builds a sampler over non-negative weights; throws if no weight is positive. */
export function createWeightedSampler(weights: ArrayLike<number>): WeightedSampler {
  const size = weights.length;
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) {
    const weight = weights[i] ?? 0;
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`weight ${i} is not a finite number >= 0`);
    total += weight;
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new RangeError('a weighted sampler needs at least one positive weight');
  return {
    size,
    sample(random) {
      const target = random.next() * total;
      // The first item whose running total passes the target; the last one if rounding left none.
      return partitionPoint(0, size - 1, (i) => cumulative[i]! <= target);
    },
  };
}

/**
 * Zipf-like weights (1 / rank^exponent) with the ranks randomly permuted, so
 * the most popular items are spread across the list instead of at its start.
 */
export function zipfWeights(count: number, exponent: number, random: Random): Float64Array {
  const ranks = new Int32Array(count);
  for (let i = 0; i < count; i++) ranks[i] = i + 1;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    const rank = ranks[i]!;
    ranks[i] = ranks[j]!;
    ranks[j] = rank;
  }
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) weights[i] = 1 / Math.pow(ranks[i]!, exponent);
  return weights;
}
