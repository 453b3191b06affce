import type { DeclaredTopic } from '../../eventlog/index.ts';

/**
 * The data products' lifecycles: keyed by URN, each record the product's
 * whole `ProductLifecycle` (its status and every move that brought it
 * there), so compaction keeps its history. Owned by governance, as the
 * gateway's event log appends; shared-append, so every gateway replica on one
 * embedded log takes moves; readable by all (a domain follows it to stop
 * appending to a retired product's topics).
 */
export const LIFECYCLE_TOPIC: DeclaredTopic = { name: 'registry.lifecycle.v1', partitions: 1, compacted: true, owner: 'governance', sharedAppend: true };
