import { failureReason } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** How the gateway retries a subgraph that is not up yet. */
export interface Backoff {
  /** First wait. @default 200 */
  initialDelayMs?: number;
  /** Longest wait. @default 1_000 */
  maxDelayMs?: number;
}

/** Asks a subgraph for its SDL once (`{ _service { sdl } }`, 5 s at most); throws with a short reason when it cannot. */
export async function fetchSubgraphSdl(subgraph: SubgraphEndpoint): Promise<string> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollographql-client-name': 'meshgraph-gateway' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { _service?: { sdl?: unknown } } };
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error('the answer has no _service.sdl; is it a Federation subgraph?');
  return sdl;
}

/**
 * Waits until the subgraph answers with its SDL, retrying with exponential
 * backoff and logging one line per wait, so a gateway started before its
 * subgraphs comes up when they do.
 */
export async function waitForSubgraphSdl(
  subgraph: SubgraphEndpoint,
  options: Backoff & { logger: Logger; signal?: AbortSignal },
): Promise<string> {
  const { initialDelayMs = 200, maxDelayMs = 1_000, logger, signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fetchSubgraphSdl(subgraph);
    } catch (error) {
      signal?.throwIfAborted();
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      logger.warn(`waiting for subgraph "${subgraph.name}"`, { url: subgraph.url, attempt, retryInMs: delay, reason: failureReason(error) });
      await sleep(delay, signal);
    }
  }
}

/** Waits `ms`, or rejects as soon as `signal` aborts; leaves no listener behind. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
