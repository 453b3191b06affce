/**
 * Binary search: the first index in `[low, high)` for which `isBefore` is
 * false, or `high` when it holds everywhere. `isBefore` must hold on a prefix
 * of the range and on nothing after it (a sorted array asked "does this item
 * come before the one I look for?"), and is called about log2(high - low) times.
 *
 * Lower bound of `x` in a sorted array: `partitionPoint(0, a.length, (i) => a[i] < x)`;
 * upper bound: `partitionPoint(0, a.length, (i) => a[i] <= x)`.
 */
export function partitionPoint(low: number, high: number, isBefore: (index: number) => boolean): number {
  while (low < high) {
    const middle = low + ((high - low) >>> 1);
    if (isBefore(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}
