import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { decodeJwt } from 'jose';
import type { GovernedMesh } from './governedMesh.ts';
import { postGraphQL } from './http.ts';

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

const require = createRequire(import.meta.url);
let axeSourceText: string | undefined;
/** axe-core's minified build: the same rules in less than half the text sent to each page it checks. */
const axeSource = () => (axeSourceText ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** An accessibility rule a page breaks, as axe-core reports it: the rule, and the elements that break it. */
export interface AccessibilityViolation {
  id: string;
  impact: string | null;
  nodes: string[];
}

/**
 * Checks the page as it is now with axe-core against WCAG 2.1 A and AA
 * (labels, names, contrast, landmarks…); resolves with what it breaks.
 * axe is evaluated through the browser's debugging protocol, so the page's
 * Content-Security-Policy stays as served.
 */
export async function checkAccessibility(page: Page): Promise<AccessibilityViolation[]> {
  await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    // Every rule still checks every element; `resultTypes` spares axe detailing the passes and the rest, which nobody reads.
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map(({ id, impact, nodes }) => ({ id, impact, nodes: nodes.map((node) => node.target.join(' ')) }));
  });
  return violations;
}

/**
 * Signs `page` in as a demo consumer of `mesh` before its next load, as the
 * web catalog keeps a session (localStorage `meshgraph.session`), with a
 * token from `mesh.token`. Once per page: a sign-out stays signed out on reload.
 */
export async function signInAs(page: Page, mesh: Pick<GovernedMesh, 'token'>, consumer: string): Promise<void> {
  const token = (await mesh.token(consumer)).replace(/^Bearer /, '');
  const session = JSON.stringify({ token, consumer, expiresAt: decodeJwt(token).exp! * 1_000 });
  await page.addInitScript(
    ([key, value]) => {
      if (sessionStorage.getItem('signInAs') !== null) return;
      sessionStorage.setItem('signInAs', 'done');
      localStorage.setItem(key!, value!);
    },
    ['meshgraph.session', session],
  );
}

/** A product's figures, as far as the page's badge and chart of events over time show them. */
export interface ShownFigures {
  meetsFreshnessSlo: boolean | null;
  eventsOverTime: { eventsIn: number; eventsOut: number }[] | null;
}

/**
 * Runs a product page's next poll of its figures at once, when the gateway
 * answers them as `ready` wants: the page polls every 5 s
 * (`FIGURES_POLL_MS`, web/product/ProductPage.tsx), on Playwright's clock,
 * which the test installs before the page loads (`page.clock.install()`);
 * the page's time then runs 5 s ahead. Throws, with the figures, when the
 * gateway does not get there within 10 s.
 */
export async function pollFiguresOnce(page: Page, gatewayUrl: string, urn: string, ready: (figures: ShownFigures) => boolean): Promise<void> {
  const query = 'query ($urn: ID!) { dataProduct(urn: $urn) { figures { meetsFreshnessSlo eventsOverTime { eventsIn eventsOut } } } }';
  let figures: ShownFigures | undefined;
  // The domain counts an append once its reader had it. Checks are spaced so they leave the cores to the domain.
  for (const deadline = Date.now() + 10_000; ; await new Promise((resolve) => setTimeout(resolve, 25))) {
    figures = (await postGraphQL(gatewayUrl, { query, variables: { urn } })).body.data?.['dataProduct']?.figures as ShownFigures | undefined;
    if (figures && ready(figures)) break;
    if (Date.now() > deadline) throw new Error(`The gateway's figures of ${urn} never became what the page should show: ${JSON.stringify(figures)}`);
  }
  await page.clock.fastForward(5_000);
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
