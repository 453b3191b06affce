import { lazy } from 'preact-iso';

export { entityPath } from './entityPath.ts';

// Loaded on first visit: the landing page carries only the header's link.
/** The `/polysemes` page (`PolysemesPage.tsx`). */
export const PolysemesPage = lazy(() => import('./PolysemesPage.tsx').then((module) => module.PolysemesPage));
/** The `/entities/<urn>` page (`EntityPage.tsx`). */
export const EntityPage = lazy(() => import('./EntityPage.tsx').then((module) => module.EntityPage));
