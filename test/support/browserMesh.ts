import { afterAll, beforeAll } from 'vitest';
import { buildWebCatalog, launchBrowser, type TestBrowser } from './browser.ts';

/** What a browser test file runs against: its mesh, a headless Chromium, and the web catalog's root URL (no trailing slash). */
export interface BrowserMesh<M> {
  mesh: M;
  browser: TestBrowser;
  base: string;
}

/**
 * Starts, before a browser test file's tests, the web catalog's build (when
 * stale), the mesh `start` gives and a Chromium at once, and hands them to
 * `started` (which may ask the mesh more); closes both after the tests.
 */
export function useBrowserMesh<M extends { gateway: { url: string }; close(): Promise<void> }>(
  start: () => Promise<M>,
  started: (fixture: BrowserMesh<M>) => void | Promise<void>,
  timeoutMs?: number,
): void {
  let fixture: Partial<BrowserMesh<M>> = {};
  beforeAll(async () => {
    buildWebCatalog();
    const [mesh, browser] = await Promise.all([start(), launchBrowser()]);
    fixture = { mesh, browser, base: mesh.gateway.url.replace(/\/graphql$/, '') };
    await started(fixture as BrowserMesh<M>);
  }, timeoutMs);
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.mesh?.close();
  });
}
