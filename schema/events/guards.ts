import { EventRejected } from './EventRejected.ts';

/** Parses a record value as a JSON object, or rejects it. */
export function parseJsonObject(value: Buffer | string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new EventRejected(`value is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new EventRejected(`value must be a JSON object, but is ${Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  }
  return parsed as Record<string, unknown>;
}

const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Field readers that reject with the field's name, what was expected and what came. */
export function fieldsOf(object: Record<string, unknown>) {
  const fail = (name: string, expected: string): never => {
    throw new EventRejected(`field "${name}" must be ${expected}, but is ${JSON.stringify(object[name]) ?? 'missing'}`);
  };
  return {
    string(name: string): string {
      const value = object[name];
      return typeof value === 'string' && value !== '' ? value : fail(name, 'a non-empty string');
    },
    integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
      const value = object[name];
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fail(name, `a whole number from ${min} to ${max}`);
    },
    oneOf<T extends string>(name: string, options: readonly T[]): T {
      const value = object[name];
      return typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : fail(name, `one of ${options.join(', ')}`);
    },
    dateTime(name: string): string {
      const value = object[name];
      // Fast path: already UTC with milliseconds, as the mesh writes it; only the date needs checking.
      if (typeof value === 'string' && CANONICAL_UTC.test(value) && !Number.isNaN(Date.parse(value))) return value;
      const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(time) ? fail(name, 'an ISO-8601 date-time') : new Date(time).toISOString();
    },
  };
}

/** Checks the record's schema version header against the versions a consumer understands. */
export function assertSchemaVersion(version: string | undefined, known: readonly string[], eventName: string): void {
  if (version === undefined || !known.includes(version)) {
    throw new EventRejected(`unknown schema version ${JSON.stringify(version ?? null)} of ${eventName}; this consumer understands ${known.join(', ')}`);
  }
}
