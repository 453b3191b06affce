import { lazy } from 'preact-iso';

export { AccessLink } from './AccessLink.tsx';
export { NotificationBell } from './NotificationBell.tsx';

// Loaded when first shown: the landing page carries only the header's link and notifications.
/** A product page's "Access" section (`ProductAccess.tsx`). */
export const ProductAccess = lazy(() => import('./ProductAccess.tsx').then((module) => module.ProductAccess));
/** The `/access` page (`AccessPage.tsx`). */
export const AccessPage = lazy(() => import('./AccessPage.tsx').then((module) => module.AccessPage));
