import { HEADERS, type LogRecord, type NewRecord } from '../eventlog/index.ts';
import { parseRegisteredSubgraph, PublicationError } from './Publication.ts';
import type { RegisteredSubgraph } from './RegisteredSubgraph.ts';
import { REGISTRY_TOPIC, SUPERGRAPH_KEY } from './registryTopic.ts';

/** A supergraph the registry's publications composed into, with the publications it came from (all a replica needs to serve it while domains are down). */
export interface RecordedSupergraph {
  /** The supergraph SDL, the gateway's catalog subgraph included. */
  readonly sdl: string;
  /** The publications composed. */
  readonly subgraphs: readonly RegisteredSubgraph[];
  /** ISO-8601 time of the composition. */
  readonly composedAt: string;
}

/** One record of the registry's topic, read. */
export type RegistryRecord = { readonly kind: 'subgraph'; readonly subgraph: RegisteredSubgraph } | { readonly kind: 'supergraph'; readonly supergraph: RecordedSupergraph };

const SCHEMA_VERSION = '1';

const record = (key: string, value: unknown, at: string): NewRecord => ({
  key,
  value: JSON.stringify(value),
  headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION, [HEADERS.occurredAt]: at, [HEADERS.producer]: REGISTRY_TOPIC.owner },
});

/** The record of a publication, keyed by the subgraph's name. */
export const subgraphRecord = (subgraph: RegisteredSubgraph): NewRecord => record(subgraph.name, subgraph, subgraph.publishedAt);

/** The record of the last good supergraph. */
export const supergraphRecord = (supergraph: RecordedSupergraph): NewRecord => record(SUPERGRAPH_KEY, supergraph, supergraph.composedAt);

/** Reads a record of the registry's topic; throws `PublicationError` when it is not one this version knows. */
export function parseRegistryRecord({ key, value, headers }: Pick<LogRecord, 'key' | 'value' | 'headers'>): RegistryRecord {
  if (headers[HEADERS.schemaVersion] !== SCHEMA_VERSION) throw new PublicationError(`schema version ${JSON.stringify(headers[HEADERS.schemaVersion] ?? null)} is not ${SCHEMA_VERSION}`);
  let body: unknown;
  try {
    body = JSON.parse(value.toString('utf8'));
  } catch {
    throw new PublicationError('its value is not JSON');
  }
  if (key !== SUPERGRAPH_KEY) {
    const subgraph = parseRegisteredSubgraph(body);
    if (subgraph.name !== key) throw new PublicationError(`its key ${JSON.stringify(key)} is not the subgraph's name "${subgraph.name}"`);
    return { kind: 'subgraph', subgraph };
  }
  const { sdl, subgraphs, composedAt } = (body ?? {}) as Partial<Record<keyof RecordedSupergraph, unknown>>;
  if (typeof sdl !== 'string' || typeof composedAt !== 'string' || !Array.isArray(subgraphs)) throw new PublicationError('it is no supergraph: { sdl, subgraphs, composedAt }');
  return { kind: 'supergraph', supergraph: { sdl, composedAt, subgraphs: subgraphs.map(parseRegisteredSubgraph) } };
}
