export { failureReason } from './failureReason.ts';
export { partitionPoint } from './partitionPoint.ts';
export { createBackoff } from './createBackoff.ts';
export type { Backoff, BackoffOptions } from './createBackoff.ts';
export { retry } from './retry.ts';
export type { RetryFailure, RetryOptions } from './retry.ts';
export { sleep } from './sleep.ts';
export { closeWithin, CLOSE_GRACE_MS } from './closeWithin.ts';
