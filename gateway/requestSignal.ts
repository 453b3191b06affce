import { setMaxListeners } from 'node:events';

/**
 * The signal that aborts a request's subgraph fetches once `timeoutMs` has
 * passed, or undefined when there is no limit (0). Every fetch of the
 * request listens to it, so a plan of more than ten fetches must not make
 * Node warn of a listener leak.
 */
export function requestSignal(timeoutMs: number): AbortSignal | undefined {
  if (timeoutMs <= 0) return undefined;
  const signal = AbortSignal.timeout(timeoutMs);
  setMaxListeners(0, signal);
  return signal;
}
