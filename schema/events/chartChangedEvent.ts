import { EventRejected } from './EventRejected.ts';
import { assertSchemaVersion, fieldsOf, parseJsonObject } from './guards.ts';

/** The top of a chart changed (who is in it, or in which order): published by top-charts, keyed by scope. */
export interface ChartChangedEvent {
  /** ISO 3166-1 alpha-2 country of the chart; `WORLD` for the worldwide chart. */
  scope: string;
  /** The new top, best first. */
  top: { rank: number; episodeId: string; plays: number }[];
  /** When the newest play counted happened, ISO-8601. */
  occurredAt: string;
}

/** Schema versions of ChartChangedEvent this code reads; it writes the last. */
export const CHART_CHANGED_VERSIONS = ['1'] as const;

/** Reads a chart change from a record value and its schema-version header, or throws `EventRejected` saying why. */
export function parseChartChangedEvent(value: Buffer | string, schemaVersion: string | undefined): ChartChangedEvent {
  assertSchemaVersion(schemaVersion, CHART_CHANGED_VERSIONS, 'ChartChangedEvent');
  const object = parseJsonObject(value);
  const field = fieldsOf(object);
  if (!Array.isArray(object['top'])) throw new EventRejected(`field "top" must be a list, but is ${JSON.stringify(object['top']) ?? 'missing'}`);
  return {
    scope: field.string('scope'),
    top: object['top'].map((entry: unknown, i) => {
      const item = fieldsOf((entry ?? {}) as Record<string, unknown>);
      try {
        return { rank: item.integer('rank', 1), episodeId: item.string('episodeId'), plays: item.integer('plays', 0) };
      } catch (error) {
        throw new EventRejected(`top[${i}]: ${error instanceof EventRejected ? error.reason : String(error)}`);
      }
    }),
    occurredAt: field.dateTime('occurredAt'),
  };
}
