import type { DeclaredTopic } from '../../eventlog/index.ts';

/** How long a day's usage stays on the topic: 90 days, three times the default window of the breaking-change check. */
export const FIELD_USAGE_RETENTION_MS = 90 * 86_400_000;

/**
 * What consumers used of the composed graph: per day, gateway replica,
 * consumer and coordinate, the day's totals so far (count, operations, last
 * use), keyed by those four, so compaction keeps one record per key and the
 * topic stays small; days past the retention go. Owned by governance, the
 * principal gateways append as; shared-append: replicas on one embedded log
 * all append to it.
 */
export const FIELD_USAGE_TOPIC: DeclaredTopic = {
  name: 'registry.field-usage.v1',
  partitions: 3,
  compacted: true,
  owner: 'governance',
  retentionMs: FIELD_USAGE_RETENTION_MS,
  sharedAppend: true,
};
