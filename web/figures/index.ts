import { lazy } from 'preact-iso';

export type { FigurePoint } from './FigurePoint.ts';

/**
 * A product page's chart of events in and out over time (`EventsOverTime.tsx`),
 * loaded when a product page first shows it: uPlot does not weigh on the
 * landing page.
 */
export const EventsOverTime = lazy(() => import('./EventsOverTime.tsx').then((module) => module.EventsOverTime));
