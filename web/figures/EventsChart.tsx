import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartData, chartOptions, chartSize, countersOf } from './chartOptions.ts';
import type { FigurePoint } from './FigurePoint.ts';

/** Width when the element has none yet (not laid out). */
const FALLBACK_WIDTH = 600;

/**
 * uPlot's canvas of events in and out per interval: made once, given the
 * new points at each poll, resized with its element. Hidden from screen
 * readers: the figure's caption says what it shows.
 */
export function EventsChart({ points }: { points: readonly FigurePoint[] }) {
  const target = useRef<HTMLDivElement>(null);
  const chart = useRef<{ plot: uPlot; counters: string } | undefined>(undefined);

  useEffect(() => {
    const element = target.current!;
    const counters = countersOf(points);
    const key = counters.join();
    if (chart.current && chart.current.counters === key) {
      chart.current.plot.setData(chartData(points, counters));
      return;
    }
    // A product whose counters changed (a new version of its domain) gets a new chart with its series.
    chart.current?.plot.destroy();
    const plot = new uPlot(chartOptions(element, counters, element.clientWidth || FALLBACK_WIDTH), chartData(points, counters), element);
    chart.current = { plot, counters: key };
  }, [points]);

  useEffect(() => {
    const element = target.current!;
    const resized = new ResizeObserver(() => chart.current?.plot.setSize(chartSize(element.clientWidth || FALLBACK_WIDTH)));
    resized.observe(element);
    return () => {
      resized.disconnect();
      chart.current?.plot.destroy();
      chart.current = undefined;
    };
  }, []);

  return <div class="events-chart" ref={target} aria-hidden="true" />;
}
