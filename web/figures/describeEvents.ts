import type { FigurePoint } from './FigurePoint.ts';

/** The catalog's interval when there are too few points to tell it. */
const DEFAULT_INTERVAL_SECONDS = 10;
const COUNTERS = [
  ['eventsIn', 'in'],
  ['eventsOut', 'out'],
] as const;

/** Seconds between two points (the catalog keeps one per 10 s). */
export function intervalSeconds(points: readonly FigurePoint[]): number {
  const [first, second] = points;
  return first && second ? (Date.parse(second.at) - Date.parse(first.at)) / 1_000 : DEFAULT_INTERVAL_SECONDS;
}

/** A span of seconds as a person says it: `30 s`, `1 minute`, `15 minutes`. */
const span = (seconds: number) => {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
};

/** `3 in, 2 out` for one point; only the counters the product has. */
const counts = (point: FigurePoint) => COUNTERS.flatMap(([counter, word]) => (point[counter] === null ? [] : [`${point[counter]} ${word}`])).join(', ');
const sum = (point: FigurePoint) => (point.eventsIn ?? 0) + (point.eventsOut ?? 0);

/**
 * What the chart shows, in words, for screen readers and for anyone: the
 * totals in and out over the span the points cover, and the busiest
 * interval, e.g. `12 events in and 12 out over the last 15 minutes.` —
 * `null` points: the product counts neither.
 */
export function describeEvents(points: readonly FigurePoint[] | null): string {
  const [first] = points ?? [];
  if (points && !first) return 'No interval counted yet: its domain has just started.';
  const totals = COUNTERS.filter(([counter]) => first && first[counter] !== null).map(([counter, word]) => ({ word, total: points!.reduce((total, point) => total + (point[counter] ?? 0), 0) }));
  const [lead, ...rest] = totals;
  if (!points || !lead) return 'It counts no events in or out: there is nothing to chart.';
  const interval = intervalSeconds(points);
  const sentence = `${lead.total} ${lead.total === 1 ? 'event' : 'events'} ${lead.word}${rest.map(({ word, total }) => ` and ${total} ${word}`).join('')} over the last ${span(points.length * interval)}.`;
  const busiest = points.reduce((most, point) => (sum(point) > sum(most) ? point : most));
  if (sum(busiest) === 0) return sentence;
  return `${sentence} The busiest ${span(interval)} began at ${new Date(busiest.at).toLocaleTimeString('en-GB')}: ${counts(busiest)}.`;
}
