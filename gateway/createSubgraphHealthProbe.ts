import { failureReason } from '../common/index.ts';
import type { Logger } from '../logger/index.ts';
import type { SubgraphState } from './SubgraphDataSource.ts';
import type { SubgraphEndpoint } from './subgraphEndpoints.ts';

/** What one look at a subgraph's `/health` found. */
export interface SubgraphHealth {
  /** `up` when the subgraph answered, `down` when it did not in time (or failed with a 5xx and nothing to say). */
  state: SubgraphState;
  /** Why it is down: `ECONNREFUSED`, `timeout`, `HTTP 502`… */
  reason?: string;
  /** What its `/health` said when that was not `ok` (`degraded` with a damaged event log, say). */
  report?: Readonly<Record<string, unknown>>;
}

export interface SubgraphHealthProbeOptions {
  /** The subgraphs to look at, read at each round (the set changes with the registry's publications). */
  subgraphs: () => readonly SubgraphEndpoint[];
  /** Time between two looks at each subgraph. @default 5_000 */
  intervalMs?: number;
  /** Time a subgraph has to answer one look; past it, it counts as down. @default 2_000 */
  timeoutMs?: number;
  /** Told the outcome of every look. */
  onResult: (subgraph: string, health: SubgraphHealth) => void;
  /** Where a subgraph that stops answering, answers again or reports a problem is told. */
  logger: Logger;
}

/** A running probe of the subgraphs' health. */
export interface SubgraphHealthProbe {
  /** The latest look at each subgraph, by name (none before its first look ended). */
  latest(): ReadonlyMap<string, SubgraphHealth>;
  /** Stops looking. */
  close(): void;
}

/**
 * Looks at every subgraph's `GET /health` (next to its GraphQL URL) every
 * `intervalMs`, so that the gateway knows a subgraph stopped answering, or
 * answers again, without waiting for a query to reach it. Any answer short of
 * a 5xx means the process serves; one whose `status` is not `ok` is kept as
 * its report. Cheap: one small GET per subgraph per interval.
 */
export function createSubgraphHealthProbe({ subgraphs, intervalMs = 5_000, timeoutMs = 2_000, onResult, logger }: SubgraphHealthProbeOptions): SubgraphHealthProbe {
  const latest = new Map<string, SubgraphHealth>();
  const stop = new AbortController();
  let timer: NodeJS.Timeout | undefined;

  const look = async (subgraph: SubgraphEndpoint): Promise<SubgraphHealth> => {
    try {
      const response = await fetch(new URL('/health', subgraph.url), { signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), stop.signal]) });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      const status = typeof body?.['status'] === 'string' ? body['status'] : undefined;
      if (response.status >= 500 && status === undefined) return { state: 'down', reason: `HTTP ${response.status}` };
      return status !== undefined && status !== 'ok' ? { state: 'up', report: body } : { state: 'up' };
    } catch (error) {
      return { state: 'down', reason: failureReason(error) };
    }
  };

  const tell = (name: string, health: SubgraphHealth) => {
    const before = latest.get(name);
    latest.set(name, health);
    if (stop.signal.aborted) return;
    if (health.state === 'down' && before?.state !== 'down') logger.warn(`subgraph "${name}" stopped answering its health check`, { reason: health.reason });
    if (health.state === 'up' && before?.state === 'down') logger.info(`subgraph "${name}" answers its health check again`);
    const status = health.report?.['status'];
    if (status !== undefined && status !== before?.report?.['status']) logger.warn(`subgraph "${name}" reports itself ${String(status)}`, { report: health.report });
    onResult(name, health);
  };

  const lookAtAll = async () => {
    await Promise.all(subgraphs().map(async (subgraph) => tell(subgraph.name, await look(subgraph))));
    if (!stop.signal.aborted) timer = setTimeout(lookAtAll, intervalMs).unref();
  };
  timer = setTimeout(lookAtAll, intervalMs).unref();

  return {
    latest: () => latest,
    close() {
      stop.abort();
      clearTimeout(timer);
    },
  };
}
