const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
// PnW on its own, or PnYnMnDTnHnMnS with each part optional (ISO 8601-1 §5.5.2.4, RFC 3339 appendix A).
const PATTERN = new RegExp(`^P(?:${NUMBER}W|(?:${NUMBER}Y)?(?:${NUMBER}M)?(?:${NUMBER}D)?(?:T(?:${NUMBER}H)?(?:${NUMBER}M)?(?:${NUMBER}S)?)?)$`);
const UNITS = ['weeks', 'years', 'months', 'days', 'hours', 'minutes', 'seconds'] as const;
// A year as 365 days and a month as 30: SLOs compare ages, not calendar dates.
const SECONDS: Record<DurationUnit, number> = { years: 365 * 86_400, months: 30 * 86_400, weeks: 7 * 86_400, days: 86_400, hours: 3_600, minutes: 60, seconds: 1 };

/** A unit of an ISO-8601 duration. */
export type DurationUnit = (typeof UNITS)[number];

/** One part of an ISO-8601 duration: `PT1H30M` has two, 1 hour and 30 minutes. */
export interface DurationPart {
  value: number;
  unit: DurationUnit;
}

/**
 * The parts of an ISO-8601 duration (`PT1H30M` → 1 hour, 30 minutes), or
 * `undefined` when the text is not one. The grammar is ISO 8601's: at least
 * one part, a `T` only before time parts, weeks only on their own (`P2W`),
 * and a decimal fraction (`.` or `,`) only on the last part written, so
 * `P1.5D` and `PT0,5S` are durations and `P1.5DT2H` is not.
 */
export function parseDuration(text: string): DurationPart[] | undefined {
  const match = PATTERN.exec(text);
  if (!match || text.endsWith('T')) return undefined;
  const parts = match.slice(1).flatMap((written, i) => (written === undefined ? [] : [{ written, unit: UNITS[i]! }]));
  if (parts.length === 0 || parts.slice(0, -1).some(({ written }) => /[.,]/.test(written))) return undefined;
  return parts.map(({ written, unit }) => ({ value: Number(written.replace(',', '.')), unit }));
}

/** Seconds in an ISO-8601 duration such as `PT5M` or `P1D` (a year counts 365 days, a month 30); `undefined` when it is not one. */
export function durationSeconds(text: string): number | undefined {
  return parseDuration(text)?.reduce((total, { value, unit }) => total + value * SECONDS[unit], 0);
}
