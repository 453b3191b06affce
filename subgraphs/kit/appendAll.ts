import type { EventLog, NewRecord, StartFrom } from '../../eventlog/index.ts';

/**
 * Appends many records (e.g. a data product's history) in chunks, so memory
 * stays bounded, and returns where a reader should start to see only what
 * comes after them.
 */
export async function appendAll<T>(log: EventLog, topic: string, items: readonly T[], toRecord: (item: T) => NewRecord, chunk = 10_000): Promise<StartFrom> {
  for (let i = 0; i < items.length; i += chunk) await log.append(topic, items.slice(i, i + chunk).map(toRecord));
  return { kind: 'offsets', offsets: { ...(await log.endOffsets(topic)) } };
}
