import { countersOf } from './chartOptions.ts';
import { describeEvents } from './describeEvents.ts';
import { EventsChart } from './EventsChart.tsx';
import type { FigurePoint } from './FigurePoint.ts';
import './figures.css';

const KEY_LABELS = { eventsIn: 'events in', eventsOut: 'events out' } as const;

/**
 * A product's events in and out over time (its `eventsOverTime` figures,
 * one point per 10 s over the last 15 minutes): a small uPlot chart, its
 * key, and a caption that says in words what it shows, for screen readers
 * and anyone. Given new points at each poll of the figures.
 */
export function EventsOverTime({ points }: { points: readonly FigurePoint[] | null }) {
  const charted = points && points.length > 0 ? points : undefined;
  return (
    <figure class="events-over-time" data-points={charted?.length ?? 0}>
      {charted ? (
        <>
          <EventsChart points={charted} />
          <p class="events-key" aria-hidden="true">
            {countersOf(charted).map((counter) => (
              <span key={counter} class={`events-key-${counter}`}>
                {KEY_LABELS[counter]}
              </span>
            ))}
          </p>
        </>
      ) : null}
      <figcaption class="events-summary">{describeEvents(points)}</figcaption>
    </figure>
  );
}
