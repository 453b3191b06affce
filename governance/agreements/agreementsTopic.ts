import type { DeclaredTopic } from '../../eventlog/index.ts';

/**
 * The access agreements of the mesh: every change of an agreement, keyed by
 * its id; a current-state topic (compacted), so each record carries the whole
 * agreement. Owned by governance: only the gateway's governance appends to it.
 * Shared-append: gateway replicas on one embedded log all append to it.
 */
export const AGREEMENTS_TOPIC: DeclaredTopic = { name: 'governance.access-agreements.v1', partitions: 1, compacted: true, owner: 'governance', sharedAppend: true };
