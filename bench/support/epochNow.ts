/**
 * Now, in epoch milliseconds with sub-millisecond precision. Every process
 * on this machine reads the same clock, so a time taken in one (an append)
 * can be subtracted from one taken in another (an arrival).
 */
export const epochNow = () => performance.timeOrigin + performance.now();
