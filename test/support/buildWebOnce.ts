import { buildWebCatalog } from './browser.ts';

/** Builds the web catalog once before any test file runs, so parallel browser test files never build it at once. */
export default function setup(): void {
  buildWebCatalog();
}
