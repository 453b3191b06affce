import type { DeclaredTopic } from '../../eventlog/index.ts';

/** How long a notification stays on the topic (and can be replayed with `since`): 90 days. */
export const NOTIFICATIONS_RETENTION_MS = 90 * 86_400_000;

/**
 * The notifications of the data products' lives (deprecations, retirements,
 * refused breaking changes, deprecated fields used, SLO breaches), keyed by
 * the notification's id: the same notification produced by two replicas
 * keeps one record once compacted, and readers tell it once. Owned by
 * governance; shared-append: gateway replicas on one embedded log all append
 * to it.
 */
export const NOTIFICATIONS_TOPIC: DeclaredTopic = {
  name: 'governance.notifications.v1',
  partitions: 1,
  compacted: true,
  owner: 'governance',
  retentionMs: NOTIFICATIONS_RETENTION_MS,
  sharedAppend: true,
};
