import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import type { AccessPath, AccessRecord } from '../AccessDecision.ts';
import type { AccessLog, ConsumerUse } from '../Governance.ts';
import { AUDIT_REPLICA_HEADER, parseAuditEvent } from './auditEvent.ts';
import { AUDIT_TOPIC } from './auditTopic.ts';
import { createRecentRecords, type RecentRecords } from './createRecentRecords.ts';

export interface AccessLogOptions {
  /** The event log of the audit topic; the access log creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
  /** Access records kept in memory per data product, the most recent; `accessLog` answers from them. @default 10_000 */
  maxRecordsPerProduct?: number;
  /**
   * This process's replica id, as its audit trail writes it (`AuditTrailOptions.replica`): the records carrying it
   * are this process's own, which it takes with `add` when they are appended, and skips when it reads them back.
   * @default none: every record is read back from the topic
   */
  replica?: string;
  /** How often it reads what other replicas appended to the audit topic, besides at each `sync`, in milliseconds. @default 5_000 */
  catchUpMs?: number;
}

/** The access log following the audit topic, with what a process owner needs to stop it. */
export interface LoggedAccessLog extends AccessLog {
  /** Resolves once it replayed the audit topic (as it was when the access log started). */
  readonly ready: Promise<void>;
  /** Takes access records this replica appended to the audit topic (its trail's `onAppended`), so it never parses them back. */
  add(records: readonly AccessRecord[]): void;
  /** Stops following the topic. */
  close(): Promise<void>;
}

interface Use {
  paths: Set<AccessPath>;
  lastSeenAt: string;
  count: number;
}

/**
 * The audit read back: reads the audit topic from its start into memory,
 * then what other replicas append, at each `sync` and every `catchUpMs`;
 * what this replica appends it takes from memory instead, as it is appended
 * (see `replica`). Kept per data product: its most recent `maxRecordsPerProduct`
 * access records (by when they were appended; older ones are still on the
 * topic), and per consumer its paths, last access and count over the whole
 * topic (one small entry per consumer). A restart rebuilds both from the topic.
 */
export function createAccessLog(options: AccessLogOptions): LoggedAccessLog {
  const { log, logger, maxRecordsPerProduct = 10_000, replica, catchUpMs = 5_000 } = options;
  if (!(Number.isInteger(maxRecordsPerProduct) && maxRecordsPerProduct >= 1)) {
    throw new RangeError(`createAccessLog: "maxRecordsPerProduct" must be a whole number, 1 or more, but is ${maxRecordsPerProduct}.`);
  }
  const recent = new Map<string, RecentRecords<AccessRecord>>();
  const uses = new Map<string, Map<string, Use>>();

  const take = (record: AccessRecord) => {
    let records = recent.get(record.urn);
    if (!records) recent.set(record.urn, (records = createRecentRecords(maxRecordsPerProduct)));
    records.push(record);
    let consumers = uses.get(record.urn);
    if (!consumers) uses.set(record.urn, (consumers = new Map()));
    const use = consumers.get(record.consumer);
    if (!use) consumers.set(record.consumer, { paths: new Set([record.path]), lastSeenAt: record.at, count: 1 });
    else {
      use.paths.add(record.path);
      use.count++;
      if (record.at > use.lastSeenAt) use.lastSeenAt = record.at;
    }
  };

  const apply = (logRecord: LogRecord) => {
    if (replica !== undefined && logRecord.headers[AUDIT_REPLICA_HEADER] === replica) return;
    let record: AccessRecord;
    try {
      record = parseAuditEvent(logRecord.value, logRecord.headers[HEADERS.schemaVersion]);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the audit topic that is no access record', { topic: logRecord.topic, partition: logRecord.partition, offset: logRecord.offset, reason: error.reason });
      return;
    }
    take(record);
  };

  // Read on demand, not live: a live reader would re-read the topic's files at each of this gateway's appends, to skip them.
  const follower = createTopicFollower({
    log,
    topic: AUDIT_TOPIC,
    live: false,
    catchUpMs,
    apply,
    onStop: (error) => logger.error('stopped following the audit topic: accessLog and the catalog consumers no longer change', { err: error }),
  });
  const ready = follower.caughtUp;
  ready.catch((error: unknown) => logger.error('cannot follow the audit topic', { topic: AUDIT_TOPIC.name, err: error }));

  return {
    ready,

    add(records) {
      for (const record of records) take(record);
    },

    sync: () => follower.sync(),

    accessLog({ urn, from: fromTime, to: toTime, consumer, first = 100 }) {
      // Records hold canonical UTC times (the guard makes them so): compared as text once the bounds are too.
      const [from, to] = [fromTime, toTime].map((time) => (time === undefined ? undefined : new Date(time).toISOString()));
      const matches = (recent.get(urn)?.newestFirst() ?? []).filter(
        (record) => (from === undefined || record.at >= from) && (to === undefined || record.at <= to) && (consumer === undefined || record.consumer === consumer),
      );
      // Appended in about the order they happened; replicas' clocks and batches may interleave them a little.
      return matches.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, first);
    },

    consumersOf(urn): ConsumerUse[] {
      return [...(uses.get(urn) ?? [])]
        .map(([consumer, use]) => ({ consumer, paths: [...use.paths].sort(), lastSeenAt: use.lastSeenAt, count: use.count }))
        .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.consumer.localeCompare(b.consumer));
    },

    close: () => follower.close(),
  };
}
