const PATTERN = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
// A year as 365 days and a month as 30: SLOs compare ages, not calendar dates.
const SECONDS: Record<DurationUnit, number> = { years: 365 * 86_400, months: 30 * 86_400, weeks: 7 * 86_400, days: 86_400, hours: 3_600, minutes: 60, seconds: 1 };

export type DurationUnit = (typeof UNITS)[number];

/** The parts of an ISO-8601 duration (`PT1H30M` → 1 hour, 30 minutes); `undefined` when it is not one. */
export function durationParts(duration: string): { value: number; unit: DurationUnit }[] | undefined {
  const match = PATTERN.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;
  return match.slice(1).flatMap((part, i) => (part === undefined ? [] : [{ value: Number(part), unit: UNITS[i]! }]));
}

/** Seconds in an ISO-8601 duration such as `PT5M` or `P1D`; `undefined` when it is not one. */
export function durationSeconds(duration: string): number | undefined {
  return durationParts(duration)?.reduce((total, { value, unit }) => total + value * SECONDS[unit], 0);
}
