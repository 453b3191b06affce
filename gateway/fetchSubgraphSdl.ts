import { createBackoff, failureReason, retry, type BackoffOptions } from '../common/index.ts';
import type { ServiceCredential } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** Asks a subgraph for its SDL once (`{ _service { sdl } }`, 5 s at most), with the gateway's credential if it has one; throws with a short reason when it cannot. */
export async function fetchSubgraphSdl(subgraph: SubgraphEndpoint, credential?: ServiceCredential): Promise<string> {
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollographql-client-name': 'meshgraph-gateway',
      ...(credential ? { authorization: await credential.authorization() } : {}),
    },
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
 * backoff (200 ms doubling up to 1 s unless `backoff` says otherwise, with
 * jitter) and logging one line per wait, so a gateway started before its
 * subgraphs comes up when they do.
 */
export async function waitForSubgraphSdl(
  subgraph: SubgraphEndpoint,
  options: { backoff?: BackoffOptions; logger: Logger; signal?: AbortSignal; credential?: ServiceCredential },
): Promise<string> {
  const { backoff, logger, signal, credential } = options;
  return retry(() => fetchSubgraphSdl(subgraph, credential), {
    backoff: createBackoff(backoff, { initialDelayMs: 200, maxDelayMs: 1_000 }),
    signal,
    onRetry: ({ error, attempt, delayMs }) =>
      logger.warn(`waiting for subgraph "${subgraph.name}"`, { url: subgraph.url, attempt, retryInMs: delayMs, reason: failureReason(error) }),
  });
}
