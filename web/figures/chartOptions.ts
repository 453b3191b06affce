import uPlot from 'uplot';
import { intervalSeconds } from './describeEvents.ts';
import type { FigurePoint } from './FigurePoint.ts';

/** The counters a product has, in the order the chart draws them. */
export type Counter = 'eventsIn' | 'eventsOut';

/** How each counter is drawn: its name, the CSS custom property (figures.css) of its colour, and whether its area is filled. */
const SERIES: Record<Counter, { label: string; colour: string; filled: boolean }> = {
  // In is an area and out a line over it: where a product sends out all it takes in, both still show.
  eventsIn: { label: 'in', colour: '--events-in', filled: true },
  eventsOut: { label: 'out', colour: '--events-out', filled: false },
};
const HEIGHT = 160;

/** The chart's size for an element `width` wide. */
export function chartSize(width: number): { width: number; height: number } {
  return { width, height: HEIGHT };
}

/** The counters the points carry (a product may count only one of them). */
export function countersOf(points: readonly FigurePoint[]): Counter[] {
  const [first] = points;
  return (['eventsIn', 'eventsOut'] as const).filter((counter) => first !== undefined && first[counter] !== null);
}

/**
 * uPlot's columns: interval starts in seconds, then one count per interval
 * for each counter. The last interval is closed by one more step, at its
 * end, so it is drawn as wide as the others.
 */
export function chartData(points: readonly FigurePoint[], counters: readonly Counter[]): uPlot.AlignedData {
  const starts = points.map((point) => Date.parse(point.at) / 1_000);
  const end = (starts.at(-1) ?? 0) + intervalSeconds(points);
  return [[...starts, end], ...counters.map((counter) => [...points.map((point) => point[counter] ?? 0), points.at(-1)?.[counter] ?? 0])];
}

/** `05:08:50`: times of day as the rest of the page writes them. */
const timeOfDay = (_chart: uPlot, splits: number[]) => splits.map((seconds) => new Date(seconds * 1_000).toLocaleTimeString('en-GB'));

/**
 * The chart's options: a step per interval (a point counts what came until
 * the next one), coloured and ruled from the page's palette, read from the
 * chart's element so it follows styles.css. No legend nor cursor: the
 * figure's key and caption say what it shows.
 */
export function chartOptions(target: HTMLElement, counters: readonly Counter[], width: number): uPlot.Options {
  const style = getComputedStyle(target);
  const colour = (property: string) => style.getPropertyValue(property).trim();
  const rules = { stroke: colour('--muted'), grid: { stroke: colour('--line'), width: 1 }, ticks: { stroke: colour('--line'), width: 1 } };
  return {
    ...chartSize(width),
    // Room on the right for the last time of day, centred on the chart's edge.
    padding: [8, 32, 0, 0],
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(1, max)] } },
    axes: [{ ...rules, space: 90, values: timeOfDay }, { ...rules, size: 40 }],
    series: [
      {},
      ...counters.map((counter) => {
        const { label, colour: property, filled } = SERIES[counter];
        return { label, stroke: colour(property), ...(filled ? { fill: colour('--events-in-area') } : {}), width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: false } };
      }),
    ],
  };
}
