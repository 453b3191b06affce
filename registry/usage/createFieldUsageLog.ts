import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import { dailyUseKey, parseFieldUsageEvent, type DailyFieldUse } from './fieldUsageEvent.ts';
import { FIELD_USAGE_TOPIC } from './fieldUsageTopic.ts';
import type { FieldUse } from './FieldUse.ts';
import { mergeUses } from './mergeUses.ts';

export interface FieldUsageLogOptions {
  /** The event log of the usage topic; the usage log creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
}

/** The usage the gateways recorded, read back from the usage topic, with what a process owner needs to stop it. */
export interface FieldUsageLog {
  /** Resolves once it read the usage topic as it was when the usage log started. */
  readonly ready: Promise<void>;
  /** Resolves once it read every record on the usage topic at the time of the call. */
  sync(): Promise<void>;
  /**
   * Who used what since `since` (ISO-8601; days that ended before it do not
   * count): per consumer and coordinate, counts of every replica and day
   * summed, operations merged, the last use. What `breakingChanges` takes.
   */
  usage(since?: string): FieldUse[];
  /** Stops following the topic. */
  close(): Promise<void>;
}

/**
 * Follows the usage topic from its start, then live, keeping the latest
 * totals per day, replica, consumer and coordinate (as compaction will), so
 * every gateway replica, and a restarted one, answers from all of them.
 */
export function createFieldUsageLog({ log, logger }: FieldUsageLogOptions): FieldUsageLog {
  const totals = new Map<string, DailyFieldUse>();
  const apply = (record: LogRecord) => {
    try {
      const use = parseFieldUsageEvent(record.value, record.headers[HEADERS.schemaVersion]);
      totals.set(dailyUseKey(use), use);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the usage topic that is no usage record', { topic: record.topic, partition: record.partition, offset: record.offset, reason: error.reason });
    }
  };
  const follower = createTopicFollower({
    log,
    topic: FIELD_USAGE_TOPIC,
    apply,
    onStop: (error) => logger.error('stopped following the usage topic: breaking-change checks no longer see new use', { err: error }),
  });
  follower.caughtUp.catch((error: unknown) => logger.error('cannot follow the usage topic', { topic: FIELD_USAGE_TOPIC.name, err: error }));

  return {
    ready: follower.caughtUp,
    sync: () => follower.sync(),
    usage(since) {
      const firstDay = since === undefined ? '' : new Date(since).toISOString().slice(0, 10);
      const inWindow = [...totals.values()].filter((use) => use.day >= firstDay);
      return mergeUses(inWindow, (use) => `${use.consumer}|${use.coordinate}`).map(({ consumer, coordinate, operations, count, lastSeenAt }) => ({ consumer, coordinate, operations, count, lastSeenAt }));
    },
    close: () => follower.close(),
  };
}
