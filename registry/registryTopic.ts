import type { DeclaredTopic } from '../eventlog/index.ts';

/**
 * The mesh's registry: the latest publication of each subgraph, keyed by the
 * subgraph's name, and the last good supergraph, under `SUPERGRAPH_KEY`. A
 * current-state topic (compacted): every record carries the whole
 * publication. Owned by governance, as the gateway's event log appends;
 * shared-append, so every gateway replica on one embedded log takes
 * publications.
 */
export const REGISTRY_TOPIC: DeclaredTopic = { name: 'registry.subgraphs.v1', partitions: 1, compacted: true, owner: 'governance', sharedAppend: true };

/** The key of the last good supergraph's record: not a subgraph name (those start with a letter). */
export const SUPERGRAPH_KEY = '@supergraph';
