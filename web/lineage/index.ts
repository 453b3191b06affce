import { lazy } from 'preact-iso';

/** The lineage pages, loaded on first visit: dagre and the picture stay out of the landing page's bundle. */
export const LineagePage = lazy(() => import('./LineagePage.tsx').then((module) => module.LineagePage));
export { lineagePath } from './lineagePath.ts';
