const SUNSET = /\bsunset:?\s+(\d{4}-\d{2}-\d{2})\b/i;

/**
 * The sunset date a deprecation reason states, `YYYY-MM-DD`, or undefined:
 * the mesh's form is a sentence in the `@deprecated` reason, e.g.
 * `@deprecated(reason: "Use plays. Sunset 2027-01-31")` (also `sunset:
 * 2027-01-31`, any case). Until that day the field stays served and its
 * removal is refused while consumers use it; from that day (00:00 UTC) its
 * removal passes. A reason whose date is no calendar day states none.
 */
export function deprecationSunset(reason: string | null | undefined): string | undefined {
  const date = reason ? SUNSET.exec(reason)?.[1] : undefined;
  if (date === undefined) return undefined;
  const time = Date.parse(`${date}T00:00:00.000Z`);
  // Date.parse rolls 2027-02-30 over to March: a day that round-trips is a real one.
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(date) ? date : undefined;
}

/** Whether the sunset day `sunset` (`YYYY-MM-DD`) has begun at `now` (epoch milliseconds, UTC). */
export function isPastSunset(sunset: string, now: number): boolean {
  return now >= Date.parse(`${sunset}T00:00:00.000Z`);
}
