import { HEADERS, type NewRecord } from '../../eventlog/index.ts';
import { assertSchemaVersion, EventRejected, fieldsOf, parseJsonObject } from '../../schema/events/index.ts';
import type { FieldUse } from './FieldUse.ts';
import { FIELD_USAGE_TOPIC } from './fieldUsageTopic.ts';

/** Schema versions of a usage record this code reads; it writes the last. */
export const FIELD_USAGE_VERSIONS = ['1'] as const;

/** One replica's totals of one day of one consumer's use of one coordinate: the value of a record of the usage topic. */
export interface DailyFieldUse extends FieldUse {
  /** The day (UTC), `YYYY-MM-DD`. */
  readonly day: string;
  /** The gateway process that counted them (a random id per start). */
  readonly replica: string;
}

/** The record key: a later total of the same day, replica, consumer and coordinate replaces the earlier one. */
export const dailyUseKey = (use: Pick<DailyFieldUse, 'day' | 'replica' | 'consumer' | 'coordinate'>) => `${use.day}|${use.replica}|${use.consumer}|${use.coordinate}`;

/** The record that appends `use` to the usage topic. */
export function fieldUsageRecord(use: DailyFieldUse, recordedAt: string): NewRecord {
  return {
    key: dailyUseKey(use),
    value: JSON.stringify(use),
    headers: {
      [HEADERS.producer]: FIELD_USAGE_TOPIC.owner,
      [HEADERS.schemaVersion]: FIELD_USAGE_VERSIONS.at(-1)!,
      [HEADERS.occurredAt]: use.lastSeenAt,
      [HEADERS.recordedAt]: recordedAt,
    },
  };
}

/** Reads a usage record from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseFieldUsageEvent(value: Buffer | string, schemaVersion: string | undefined): DailyFieldUse {
  assertSchemaVersion(schemaVersion, FIELD_USAGE_VERSIONS, 'DailyFieldUse');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  const operations = object['operations'];
  if (!Array.isArray(operations) || !operations.every((o): o is string => typeof o === 'string')) {
    throw new EventRejected(`field "operations" must be an array of strings, but is ${JSON.stringify(operations) ?? 'missing'}`);
  }
  const day = field.string('day');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new EventRejected(`field "day" must be a day, YYYY-MM-DD, but is ${JSON.stringify(day)}`);
  return {
    day,
    replica: field.string('replica'),
    consumer: field.string('consumer'),
    coordinate: field.string('coordinate'),
    operations,
    count: field.integer('count', 1),
    lastSeenAt: field.dateTime('lastSeenAt'),
  };
}
