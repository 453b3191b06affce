import type { DeclaredTopic } from '../../eventlog/index.ts';

/**
 * The consumers' webhooks, keyed by consumer id: each record holds a webhook
 * whole (URL, signing secret, the consumer's audience) or says it was
 * removed. Compacted: its last record is all a replica needs. Owned by
 * governance; gateway replicas on one embedded log all append to it.
 */
export const WEBHOOKS_TOPIC: DeclaredTopic = { name: 'governance.webhooks.v1', partitions: 1, compacted: true, owner: 'governance', sharedAppend: true };

/** A week: far longer than a delivery retries, so a finished delivery is still known when a replica replays what it may have missed. */
const DELIVERIES_RETENTION_MS = 7 * 86_400_000;

/**
 * The webhook deliveries, keyed by consumer and notification: who delivers
 * each (the first replica to claim it), its attempts and how it ended.
 * Compacted (the last state of each delivery) and pruned after a week.
 */
export const WEBHOOK_DELIVERIES_TOPIC: DeclaredTopic = {
  name: 'governance.webhook-deliveries.v1',
  partitions: 1,
  compacted: true,
  owner: 'governance',
  sharedAppend: true,
  retentionMs: DELIVERIES_RETENTION_MS,
};
