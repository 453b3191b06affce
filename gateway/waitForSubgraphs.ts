import type { BackoffOptions } from '../common/index.ts';
import type { ServiceCredential } from '../governance/identity/index.ts';
import type { Logger } from '../logger/index.ts';
import { waitForSubgraphSdl } from './fetchSubgraphSdl.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** Also the backoff of retries to a subgraph not up yet, whose defaults `waitForSubgraphSdl` states. */
export interface SubgraphWaitOptions extends BackoffOptions {
  /** How long to wait for every subgraph before starting with those that answered. */
  startupWaitMs: number;
  logger: Logger;
  /** Aborts the wait (the gateway closed). */
  signal: AbortSignal;
  /** The gateway's credential to the subgraphs. @default none */
  credential?: ServiceCredential;
}

/**
 * Every subgraph's SDL, waiting for those not up yet. After `startupWaitMs`
 * the gateway starts with those that answered (at least one: it waits for
 * the first as long as it takes); the others have no SDL yet and join the
 * supergraph when they come up.
 */
export async function waitForSubgraphs(
  subgraphs: readonly SubgraphEndpoint[],
  { startupWaitMs, logger, signal, credential, ...backoff }: SubgraphWaitOptions,
): Promise<(SubgraphEndpoint & { sdl?: string })[]> {
  const sdls = new Map<string, string>();
  const waiting = new AbortController();
  const anySignal = AbortSignal.any([signal, waiting.signal]);
  const waits = subgraphs.map(async (subgraph) => sdls.set(subgraph.name, await waitForSubgraphSdl(subgraph, { backoff, logger, signal: anySignal, credential })));
  let deadline: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (deadline = setTimeout(resolve, startupWaitMs)));
  try {
    await Promise.race([Promise.all(waits), late]);
    if (sdls.size === 0) await Promise.any(waits);
  } finally {
    clearTimeout(deadline);
    waiting.abort(new Error('composing without the subgraphs still missing'));
    await Promise.allSettled(waits);
  }
  signal.throwIfAborted();
  const missing = subgraphs.filter((s) => !sdls.has(s.name)).map((s) => s.name);
  if (missing.length > 0) logger.warn('starting without subgraphs that are not up yet; they join when they answer', { missing: missing.join(','), waitedMs: startupWaitMs });
  return subgraphs.map((subgraph) => ({ ...subgraph, sdl: sdls.get(subgraph.name) }));
}
