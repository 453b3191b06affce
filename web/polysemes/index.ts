export { EntityPage } from './EntityPage.tsx';
export { entityPath } from './entityPath.ts';
export { PolysemesPage } from './PolysemesPage.tsx';
