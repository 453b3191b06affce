const PATTERN = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
// A year as 365 days and a month as 30: SLOs compare ages, not calendar dates.
const SECONDS = [365 * 86_400, 30 * 86_400, 7 * 86_400, 86_400, 3_600, 60, 1];

/** Seconds in an ISO-8601 duration such as `PT5M` or `P1D`; `undefined` when it is not one. */
export function durationSeconds(duration: string): number | undefined {
  const match = PATTERN.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) return undefined;
  return match.slice(1).reduce((total, part, i) => total + (part ? Number(part) * SECONDS[i]! : 0), 0);
}
