import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createBackoff, retry, type BackoffOptions } from '../../common/index.ts';
import type { EventLog } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import type { AccessRecord } from '../AccessDecision.ts';
import type { AuditTrail } from '../Governance.ts';
import { auditRecord } from './auditEvent.ts';
import { AUDIT_TOPIC } from './auditTopic.ts';

export interface AuditTrailOptions {
  /** The event log of the audit topic; the trail creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
  /** How long the first record of a batch waits for others before the batch is appended; a full batch goes at once. @default 50 */
  batchMs?: number;
  /** Records in one append at most. @default 500 */
  maxBatch?: number;
  /** Records waiting at most (besides the batch being appended); past it the oldest are dropped, counted and logged. @default 100_000 */
  maxQueued?: number;
  /** Waits between tries of a failed append. @default { initialDelayMs: 100, maxDelayMs: 5_000 } */
  backoff?: BackoffOptions;
  /** How long `close` keeps trying to append what is queued when the log fails; what is left then is counted as dropped. @default 10_000 */
  closeTimeoutMs?: number;
  /** The clock, epoch milliseconds (the `recorded-at` header). @default Date.now */
  now?: () => number;
  /** This process's replica id, written in each record's `replica` header (`AUDIT_REPLICA_HEADER`). @default none */
  replica?: string;
  /** Called with each batch once it is on the audit topic (the process's access log takes its own records so, not by reading them back). @default nothing */
  onAppended?: (records: readonly AccessRecord[]) => void;
}

/** What the trail did since it was created. */
export interface AuditTrailStats {
  /** Records handed to `record`. */
  recorded: number;
  /** Records appended to the audit topic. */
  appended: number;
  /** Records never appended: the queue overflowed, or `close` gave up on a failing log. */
  dropped: number;
  /** Appends that succeeded (one per batch). */
  batches: number;
  /** Records waiting, the batch being appended included. */
  queued: number;
}

/** The audit trail on the event log, with what a process owner needs to stop it. */
export interface LoggedAuditTrail extends AuditTrail {
  /** Resolves once the audit topic exists. */
  readonly ready: Promise<void>;
  readonly metrics: Registry;
  stats(): AuditTrailStats;
  /** Resolves once the queue is empty: everything queued, and given meanwhile, appended (retrying a failing log as long as it takes). */
  flush(): Promise<void>;
  /** Appends what is queued (within `closeTimeoutMs`), then stops; records given after it are dropped and counted. */
  close(): Promise<void>;
}

const APPEND_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** Series of the trail, in a registry of its own that the gateway merges into its `/metrics`. */
function createAuditMetrics(stats: () => AuditTrailStats) {
  const registry = new Registry();
  const registers = [registry];
  const observed = (name: string, help: string, read: (s: AuditTrailStats) => number, type: 'counter' | 'gauge') => {
    const options = {
      name,
      help,
      registers,
      collect(this: Counter | Gauge) {
        this.reset();
        this.inc(read(stats()));
      },
    };
    return type === 'counter' ? new Counter(options) : new Gauge(options);
  };
  observed('meshgraph_audit_records_recorded_total', 'Access records handed to the audit trail.', (s) => s.recorded, 'counter');
  observed('meshgraph_audit_records_appended_total', 'Access records appended to the audit topic.', (s) => s.appended, 'counter');
  observed('meshgraph_audit_records_dropped_total', 'Access records never appended: the audit queue overflowed, or the log failed past the close timeout.', (s) => s.dropped, 'counter');
  observed('meshgraph_audit_queue_depth', 'Access records waiting to be appended to the audit topic.', (s) => s.queued, 'gauge');
  const appendDuration = new Histogram({ name: 'meshgraph_audit_batch_append_duration_seconds', help: 'Time to append one batch of access records, retries included.', buckets: APPEND_BUCKETS, registers });
  const retries = new Counter({ name: 'meshgraph_audit_append_retries_total', help: 'Failed appends of the audit trail, each retried.', registers });
  return { registry, appendDuration, retries };
}

/**
 * The audit trail: `record` queues an access record and returns at once; the
 * queue is appended to the audit topic in batches (one append per batch of up
 * to `maxBatch`, after `batchMs`, or at once when a batch is full). A failed
 * append is retried with backoff, its records kept. Nothing is dropped
 * silently: past `maxQueued` the oldest waiting records are dropped, counted
 * in `meshgraph_audit_records_dropped_total` and logged as an error naming
 * how many.
 */
export function createAuditTrail(options: AuditTrailOptions): LoggedAuditTrail {
  const { log, logger, batchMs = 50, maxBatch = 500, maxQueued = 100_000, closeTimeoutMs = 10_000, now = Date.now, replica, onAppended } = options;
  for (const [name, value] of Object.entries({ batchMs, maxBatch, maxQueued, closeTimeoutMs })) {
    if (!(Number.isInteger(value) && value >= (name === 'batchMs' || name === 'closeTimeoutMs' ? 0 : 1))) {
      throw new RangeError(`createAuditTrail: "${name}" must be a whole number${name.endsWith('Ms') ? ' of milliseconds, 0 or more' : ', 1 or more'}, but is ${value}.`);
    }
  }
  const backoff = createBackoff(options.backoff, { initialDelayMs: 100, maxDelayMs: 5_000 });
  const counts = { recorded: 0, appended: 0, dropped: 0, batches: 0 };
  // A queue with a moving head: taking a batch or dropping the oldest costs no copy of the rest.
  let queue: AccessRecord[] = [];
  let head = 0;
  let inFlight = 0;
  let droppedUnlogged = 0;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let closed = false;
  const stopping = new AbortController();
  const waiting = () => queue.length - head;
  const stats = (): AuditTrailStats => ({ ...counts, queued: waiting() + inFlight });
  const metrics = createAuditMetrics(stats);

  const ready = log.createTopic(AUDIT_TOPIC);
  ready.catch((error: unknown) => logger.error('cannot create the audit topic; appends will retry', { topic: AUDIT_TOPIC.name, err: error }));

  let lastDropLog = 0;
  let lastWhy = '';
  /** Logs drops (forced, or at most once a second), naming how many since the last line: an overflow under load must not flood the log too. */
  const reportDrops = (force = false) => {
    if (droppedUnlogged === 0 || (!force && now() - lastDropLog < 1_000)) return;
    logger.error(`dropped ${droppedUnlogged} access records of the audit: ${lastWhy}`, { dropped: droppedUnlogged, droppedTotal: counts.dropped, queued: waiting() + inFlight, maxQueued });
    droppedUnlogged = 0;
    lastDropLog = now();
  };
  const drop = (count: number, why: string, force = false) => {
    counts.dropped += count;
    droppedUnlogged += count;
    lastWhy = why;
    reportDrops(force);
  };

  /** Forgets the records before the head once they are most of the array (a copy now and then, amortised). */
  const compact = () => {
    if (head > 1_024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  };

  const take = (count: number): AccessRecord[] => {
    const batch = queue.slice(head, head + count);
    head += batch.length;
    compact();
    return batch;
  };

  const append = async (batch: AccessRecord[]) => {
    const started = performance.now();
    inFlight = batch.length;
    try {
      await ready.catch(() => undefined);
      await retry(
        async (attempt) => {
          if (attempt > 1) await log.createTopic(AUDIT_TOPIC);
          const recordedAt = new Date(now()).toISOString();
          await log.append(AUDIT_TOPIC.name, batch.map((record) => auditRecord(record, recordedAt, replica)));
        },
        {
          backoff,
          signal: stopping.signal,
          onRetry: ({ error, attempt, delayMs }) => {
            metrics.retries.inc();
            logger.warn('appending access records to the audit failed; retrying, records kept', { records: batch.length, attempt, delayMs, err: error });
            reportDrops();
          },
        },
      );
      counts.appended += batch.length;
      counts.batches++;
      try {
        onAppended?.(batch);
      } catch (error) {
        logger.error('onAppended failed on a batch of access records (they are on the audit topic)', { records: batch.length, err: error });
      }
      metrics.appendDuration.observe((performance.now() - started) / 1_000);
      // The log answers again: what overflowed meanwhile is told now, not at the next drop.
      reportDrops(true);
    } finally {
      inFlight = 0;
    }
  };

  /** Appends batches while a full one is waiting (or until empty, when `all`). */
  const drain = async (all: boolean) => {
    while (waiting() > 0 && (all || waiting() >= maxBatch)) {
      const batch = take(maxBatch);
      try {
        await append(batch);
      } catch (error) {
        // Only a stopped trail gets here: close gave up on the log.
        drop(batch.length + waiting(), `the log still failed when the audit trail closed (${error instanceof Error ? error.message : String(error)})`, true);
        head = queue.length;
        return;
      }
    }
  };

  const run = (all: boolean) => {
    clearTimeout(timer);
    timer = undefined;
    draining = (async () => {
      try {
        await drain(all);
      } finally {
        draining = undefined;
        if (waiting() > 0 && !closed) schedule();
      }
    })();
    return draining;
  };

  function schedule() {
    if (draining || timer) return;
    timer = setTimeout(() => void run(true), batchMs);
    timer.unref();
  }

  const flush = async () => {
    while (draining || waiting() > 0) {
      if (draining) await draining;
      else await run(true);
    }
  };

  return {
    ready,
    metrics: metrics.registry,
    stats,

    record(record) {
      counts.recorded++;
      if (closed) {
        drop(1, 'the audit trail is closed');
        return;
      }
      queue.push(record);
      if (waiting() > maxQueued) {
        // While the log fails no batch is taken: the dropped must leave the array here, or it grows with them.
        head++;
        compact();
        drop(1, `more than ${maxQueued} records waited for the log (maxQueued): the oldest went first`);
      }
      if (waiting() >= maxBatch && !draining) void run(false);
      else schedule();
    },

    flush,

    async close() {
      if (closed) return;
      closed = true;
      const giveUp = setTimeout(() => stopping.abort(new Error(`the audit trail closed after ${closeTimeoutMs} ms of failed appends`)), closeTimeoutMs);
      try {
        await flush();
      } finally {
        clearTimeout(giveUp);
        reportDrops(true);
      }
    },
  };
}
