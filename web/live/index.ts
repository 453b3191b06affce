import { lazy } from 'preact-iso';

/**
 * The live event preview of a product page (`LiveEvents.tsx`), loaded when a
 * product page first shows it: the graphql-ws client does not weigh on the
 * landing page.
 */
export const LiveEvents = lazy(() => import('./LiveEvents.tsx').then((module) => module.LiveEvents));
