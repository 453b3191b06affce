import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`): the tests never download a browser. */
export const CHROMIUM = process.env['MESHGRAPH_CHROMIUM'] ?? '/usr/bin/chromium';
/** Whether the browser tests can run here. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where browser tests save their screenshots (gitignored). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'web');

/**
 * Says, once per file, which browser tests did not run and how to get them
 * to, when Chromium is missing (vitest then lists them as skipped).
 */
export function warnWithoutChromium(what: string): void {
  if (!HAS_CHROMIUM) process.stderr.write(`Skipped ${what}: they drive a real Chromium, and there is none at ${CHROMIUM}. Install it with: apt-get install chromium\n`);
}

/** Builds the web catalog into dist/web/ if web/ changed since its last build, so the browser sees the sources under test. */
export function buildWebCatalog(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'buildWeb.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A headless Chromium for a test file; each test takes a fresh context (`newPage`). */
export interface TestBrowser {
  /** A page in a new context, with every console error and uncaught exception collected in `problems` (a blocked script or connection shows there). */
  newPage(): Promise<{ page: Page; problems: string[] }>;
  /** Saves a full-page screenshot as test-results/web/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const contexts: BrowserContext[] = [];
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    async newPage() {
      const context = await browser.newContext();
      // Well within a test's time: a page that never shows what a test waits for fails with Playwright's account of it.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
      page.on('pageerror', (error) => problems.push(error.message));
      return { page, problems };
    },
    screenshot: async (page, name) => void (await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })),
    async close() {
      for (const context of contexts) await context.close();
      await browser.close();
    },
  };
}
