import type { EventLog } from '../../eventlog/index.ts';
import type { DamagedRange } from '../../eventlog/embedded/index.ts';

/** What a subgraph's `GET /health` answers. */
export interface SubgraphHealthReport {
  /** `degraded` when its event log found damage (corruption, not a torn tail), else `ok`. */
  status: 'ok' | 'degraded';
  domain: string;
  pid: number;
  uptimeSeconds: number;
  /** The damaged ranges of the event log, by topic and partition, when there are any. */
  damage?: Omit<DamagedRange, 'file' | 'movedTo'>[];
}

/**
 * The subgraph's health: `degraded`, with the damaged ranges, when its event
 * log reports damage (the embedded log does; Kafka keeps its own), so that
 * the gateway's `/health` and an operator see it without reading the log.
 * Still answered with 200: restarting the domain would not mend the files.
 */
export function subgraphHealth(domain: string, startedAt: number, log: EventLog | undefined): SubgraphHealthReport {
  const report = { domain, pid: process.pid, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) };
  const damaged = logDamage(log);
  if (damaged.length === 0) return { status: 'ok', ...report };
  // Where the files are is the operator's to find in the log (`meshgraph log verify`), not the callers' of /health.
  return { status: 'degraded', ...report, damage: damaged.map(({ file: _file, movedTo: _movedTo, ...range }) => range) };
}

/** The damaged ranges an event log reports (the embedded log's `damage()`); none for a log that reports none (Kafka keeps its own). */
export function logDamage(log: EventLog | undefined): readonly DamagedRange[] {
  return (log as { damage?: () => readonly DamagedRange[] } | undefined)?.damage?.() ?? [];
}
