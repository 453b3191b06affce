import type { DeclaredTopic } from '../../eventlog/index.ts';

/** How long the audit topic keeps an access record: a year. */
export const AUDIT_RETENTION_MS = 365 * 86_400_000;

/**
 * The audit of the mesh: every access decision the gateway made, keyed by the
 * data product's URN (so one product's records stay in order), kept a year.
 * Owned by governance: only the gateway's audit trail appends to it.
 * Shared-append: gateway replicas on one embedded log all append to it.
 */
export const AUDIT_TOPIC: DeclaredTopic = {
  name: 'governance.access-audit.v1',
  partitions: 3,
  compacted: false,
  owner: 'governance',
  retentionMs: AUDIT_RETENTION_MS,
  sharedAppend: true,
};
