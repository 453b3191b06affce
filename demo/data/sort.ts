/**
 * Stable ordering of many records by an integer key, without a comparator:
 * an LSD radix sort over indexes, linear in the number of records.
 */

const DIGIT_BITS = 11;
const RADIX = 1 << DIGIT_BITS;

/**
 * The indexes of `keys` ordered by ascending key; equal keys keep index order.
 * Keys must be integers (like milliseconds) spanning less than 2^53.
 */
export function stableOrderByKey(keys: Float64Array): Uint32Array {
  const count = keys.length;
  let order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  if (count < 2) return order;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const key = keys[i]!;
    if (!Number.isInteger(key)) throw new RangeError(`sort key ${i} is not an integer: ${key}`);
    if (key < min) min = key;
    if (key > max) max = key;
  }
  // Offsets from the minimum stay exact in doubles and need only as many digits as the span.
  const digits = new Uint32Array(count);
  let scratch = new Uint32Array(count);
  const counts = new Uint32Array(RADIX);
  for (let divisor = 1; divisor <= max - min; divisor *= RADIX) {
    counts.fill(0);
    for (let i = 0; i < count; i++) {
      const digit = Math.floor((keys[i]! - min) / divisor) % RADIX;
      digits[i] = digit;
      counts[digit] = counts[digit]! + 1;
    }
    let position = 0;
    for (let digit = 0; digit < RADIX; digit++) {
      const size = counts[digit]!;
      counts[digit] = position;
      position += size;
    }
    for (let i = 0; i < count; i++) {
      const index = order[i]!;
      const digit = digits[index]!;
      scratch[counts[digit]!] = index;
      counts[digit] = counts[digit]! + 1;
    }
    [order, scratch] = [scratch, order];
  }
  return order;
}
