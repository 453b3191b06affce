import { EventRejected } from '../../schema/events/index.ts';
import type { LogRecord } from '../../eventlog/index.ts';

/** What decoding one record gave: its event, or why its guard rejected it. */
export type DecodedRecord<T> = { ok: true; event: T } | { ok: false; reason: string };

/** A record its guard (or a quality rule) rejected, and why. */
export interface RejectedRecord {
  record: LogRecord;
  reason: string;
  /** The quality rule it broke, by name, when a quality gate checked it. */
  rule?: string;
}

/**
 * Decodes a record at the edge with its guard (`decodePlay`, … from
 * `schema/events`). A record the guard rejects (`EventRejected`) is a result,
 * not an error, so the caller dead-letters or skips it and carries on; any
 * other error is a bug and is thrown.
 */
export function decodeRecord<T>(record: LogRecord, decode: (record: LogRecord) => T): DecodedRecord<T> {
  try {
    return { ok: true, event: decode(record) };
  } catch (error) {
    if (!(error instanceof EventRejected)) throw error;
    return { ok: false, reason: error.reason };
  }
}

/** Decodes a batch (see `decodeRecord`): its events in log order, and the records rejected with their reasons. */
export function decodeBatch<T>(records: readonly LogRecord[], decode: (record: LogRecord) => T): { events: T[]; rejected: RejectedRecord[] } {
  const events: T[] = [];
  const rejected: RejectedRecord[] = [];
  for (const record of records) {
    const decoded = decodeRecord(record, decode);
    if (decoded.ok) events.push(decoded.event);
    else rejected.push({ record, reason: decoded.reason });
  }
  return { events, rejected };
}
