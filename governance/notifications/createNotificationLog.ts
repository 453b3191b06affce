import { createTopicFollower, HEADERS, type EventLog, type LogRecord } from '../../eventlog/index.ts';
import type { Logger } from '../../logger/index.ts';
import { EventRejected } from '../../schema/events/index.ts';
import type { Notification, NotificationSource } from './Notification.ts';
import { notificationRecord, parseNotificationRecord } from './notificationRecord.ts';
import { NOTIFICATIONS_TOPIC } from './notificationsTopic.ts';

export interface NotificationLogOptions {
  /** The event log of the notifications topic, opened as governance; the notification log creates the topic if it is missing. */
  log: EventLog;
  logger: Logger;
  /** The clock, epoch milliseconds. @default Date.now */
  now?: () => number;
}

/** The notifications topic as a source every replica reads, and where this replica's producers append. */
export interface NotificationLog extends NotificationSource {
  /** Resolves once it read the topic as it was when the log started. */
  readonly ready: Promise<void>;
  /** True when a notification with this id was appended already (by any replica that this one has read). */
  has(id: string): boolean;
  /**
   * Appends `notification` unless one with its id was read already; resolves
   * once this replica applied it (its listeners were told). Two replicas
   * that append the same id at once each append it: readers tell it once.
   */
  publish(notification: Notification): Promise<void>;
  /** Stops following the topic. */
  close(): Promise<void>;
}

/**
 * Follows the notifications topic from its start, then live: each id is
 * kept and told once, however many replicas appended it, so a
 * notification produced by every replica (an SLO breach each one saw)
 * reaches a subscriber once.
 */
export function createNotificationLog({ log, logger, now = Date.now }: NotificationLogOptions): NotificationLog {
  const byId = new Map<string, Notification>();
  const listeners = new Set<(notification: Notification) => void>();
  const apply = (record: LogRecord) => {
    let notification: Notification;
    try {
      notification = parseNotificationRecord(record.value, record.headers[HEADERS.schemaVersion]);
    } catch (error) {
      if (!(error instanceof EventRejected)) throw error;
      logger.warn('skipped a record of the notifications topic that is no notification', { topic: record.topic, offset: record.offset, reason: error.reason });
      return;
    }
    if (byId.has(notification.id)) return;
    byId.set(notification.id, notification);
    for (const listener of listeners) listener(notification);
  };
  const follower = createTopicFollower({
    log,
    topic: NOTIFICATIONS_TOPIC,
    apply,
    onStop: (error) => logger.error('stopped following the notifications topic: no more notifications of data products reach this replica', { err: error }),
  });
  follower.caughtUp.catch((error: unknown) => logger.error('cannot follow the notifications topic', { topic: NOTIFICATIONS_TOPIC.name, err: error }));

  return {
    ready: follower.caughtUp,
    has: (id) => byId.has(id),
    since: (since) => [...byId.values()].filter((n) => n.at >= since).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async publish(notification) {
      await follower.caughtUp;
      if (byId.has(notification.id)) return;
      const [appended] = await log.append(NOTIFICATIONS_TOPIC.name, [notificationRecord(notification, new Date(now()).toISOString())]);
      await follower.applied(appended!);
    },
    close: () => follower.close(),
  };
}
