import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, HAS_CHROMIUM, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { readMetric } from '../support/metrics.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { appendPlays, newPlay } from '../support/plays.ts';

warnWithoutChromium('the live event preview tests (watching plays arrive, masked for the viewer)');

const EPISODE_PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';
const preview = (page: Page) => page.locator('.live-preview[data-port="episode-played"]');
/** The row of the play with this id, once it arrived. */
const rowOf = (page: Page, playId: string) => preview(page).locator(`tbody tr:has(td:text-is("${playId}"))`);

describe.skipIf(!HAS_CHROMIUM)('the live event preview of a product page, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser } = started));
  /** The pages of the test running: closed after it, so no stream it watched outlives it. */
  const pages: Page[] = [];
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });

  /** A page of episode-plays signed in as `consumer` (its session in localStorage before the app loads), or anonymous; from the mesh's gateway unless told another. */
  async function openEpisodePlays(consumer?: string, gatewayUrl = mesh.gateway.url) {
    const opened = await browser.newPage();
    pages.push(opened.page);
    if (consumer) {
      const token = (await mesh.token(consumer)).slice('Bearer '.length);
      const session = JSON.stringify({ token, consumer, expiresAt: Date.now() + 600_000 });
      await opened.page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), ['meshgraph.session', session]);
    }
    await opened.page.goto(`${gatewayUrl.replace(/\/graphql$/, '')}/products/${encodeURIComponent(EPISODE_PLAYS)}`);
    await opened.page.getByRole('heading', { name: 'Live events' }).waitFor();
    return opened;
  }

  /**
   * Watches from now, as the page does: the first play after the gateway's
   * subscription reached the podcasts domain may take a few tries, so plays
   * are appended until one shows.
   */
  async function watchUntilLive(page: Page, prefix: string): Promise<void> {
    const open = await readMetric(mesh.gateway.url, 'meshgraph_subscriptions_open');
    await preview(page).getByRole('button', { name: 'Watch' }).click();
    await preview(page).getByRole('button', { name: 'Stop' }).waitFor();
    await vi.waitFor(async () => expect(await readMetric(mesh.gateway.url, 'meshgraph_subscriptions_open')).toBeGreaterThan(open), { timeout: 5_000, interval: 20 });
    let arrived = false;
    const first = preview(page).locator('tbody tr').first().waitFor().then(() => (arrived = true));
    let played = 0;
    while (!arrived) await Promise.race([appendPlays(mesh.log, [newPlay(mesh, `${prefix}-warm-${++played}`)]), first]);
  }

  it('an analyst watches plays arrive, newest first, with the play country masked: the rule, the classification and how to get access in the cell', async () => {
    const { page, problems } = await openEpisodePlays('analyst');
    await watchUntilLive(page, 'live-analyst');
    const plays = [newPlay(mesh, 'live-analyst-1', { country: 'FR' }), newPlay(mesh, 'live-analyst-2', { country: 'DE', device: 'MOBILE' })];
    for (const play of plays) {
      await appendPlays(mesh.log, [play]);
      await rowOf(page, play.playId).waitFor();
    }
    const headers = await preview(page).locator('thead th').allTextContents();
    const column = (name: string) => `td:nth-child(${headers.indexOf(name) + 1})`;
    const cell = (playId: string, name: string) => rowOf(page, playId).locator(column(name));
    // Newest first: the second play is above the first.
    const ids = await preview(page).locator(`tbody tr ${column('play.id')}`).allTextContents();
    expect(ids.indexOf('live-analyst-2')).toBeLessThan(ids.indexOf('live-analyst-1'));
    expect(await cell('live-analyst-2', 'play.device').textContent()).toBe('MOBILE');
    expect(await cell('live-analyst-2', 'play.secondsPlayed').textContent()).toBe('60');
    const country = cell('live-analyst-2', 'play.country');
    expect(await country.getAttribute('class')).toBe('masked');
    expect(await country.locator('.masked-label').textContent()).toBe('masked');
    expect(await country.locator('.masked-why').textContent()).toBe('confidential · rule confidential-needs-agreement');
    expect(await country.locator('a').textContent()).toBe('request access to episode-plays');
    expect(await country.locator('a').getAttribute('href')).toBe('#access');
    // Only the confidential field is masked.
    expect(await rowOf(page, 'live-analyst-2').locator('td.masked').count()).toBe(1);
    expect(await preview(page).locator('.live-count').textContent()).toMatch(/^\d+ events received/);

    await browser.screenshot(page, 'live-preview-analyst');
    expect(await checkAccessibility(page)).toEqual([]);
    await preview(page).getByRole('button', { name: 'Stop' }).click();
    expect(await preview(page).locator('.live-status').textContent()).toBe('Stopped.');
    await preview(page).getByRole('button', { name: 'Watch again' }).waitFor();
    expect(problems).toEqual([]);
  });

  it("the podcasts domain's owner sees every field unmasked, and the newest 50 of a burst with a count of all", async () => {
    const { page, problems } = await openEpisodePlays('podcasts-owner');
    await watchUntilLive(page, 'live-owner');
    const play = newPlay(mesh, 'live-owner-1', { country: 'SE' });
    await appendPlays(mesh.log, [play]);
    await rowOf(page, play.playId).waitFor();
    const headers = await preview(page).locator('thead th').allTextContents();
    expect(await rowOf(page, play.playId).locator(`td:nth-child(${headers.indexOf('play.country') + 1})`).textContent()).toBe('SE');
    expect(await preview(page).locator('td.masked').count()).toBe(0);

    const burst = Array.from({ length: 55 }, (_, index) => newPlay(mesh, `live-owner-burst-${index}`));
    await appendPlays(mesh.log, burst);
    await rowOf(page, burst.at(-1)!.playId).waitFor();
    const received = await preview(page).locator('.live-count').textContent();
    expect(received).toMatch(/^\d+ events received, the newest 50 shown$/);
    // Every play since the first that arrived is counted: at least that one, this one and the burst.
    const top = await preview(page).locator('tbody tr').first().getAttribute('data-sequence');
    expect(Number(received!.split(' ')[0])).toBe(Number(top));
    expect(Number(top)).toBeGreaterThanOrEqual(1 + 1 + burst.length);
    expect(await preview(page).locator('tbody tr').count()).toBe(50);

    await browser.screenshot(page, 'live-preview-owner');
    expect(await checkAccessibility(page)).toEqual([]);
    await preview(page).getByRole('button', { name: 'Stop' }).click();
    expect(problems).toEqual([]);
  });

  it('a stream the gateway refuses says why at once and offers to watch again: a token it no longer accepts, then no token', async () => {
    const { page, problems } = await openEpisodePlays('analyst');
    const status = preview(page).locator('.live-status');
    await preview(page).getByRole('button', { name: 'Watch' }).click();
    await page.locator('.live-preview[data-status=watching]').waitFor();
    await preview(page).getByRole('button', { name: 'Stop' }).click();
    // The viewer's token is replaced behind the page's back (revoked, say): same claims, a signature the gateway does not verify.
    await page.evaluate((key) => {
      const session = JSON.parse(localStorage.getItem(key)!) as { token: string };
      const [header, payload] = session.token.split('.');
      localStorage.setItem(key, JSON.stringify({ ...session, token: `${header}.${payload}.${'A'.repeat(43)}` }));
    }, 'meshgraph.session');
    await preview(page).getByRole('button', { name: 'Watch again' }).click();
    // Refused at connection_init (4403), and not retried: the page says so well within the test's wait.
    await page.locator('.live-preview[data-status=failed]').waitFor();
    expect(await status.textContent()).toBe('The stream stopped: The gateway closed the connection (4403: Forbidden). The gateway did not accept your token: sign in again.');
    expect(await status.getAttribute('role')).toBe('alert');

    // The session expires while the page is open: the page subscribes without a token, which governance refuses.
    await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ ...JSON.parse(localStorage.getItem(key)!), expiresAt: Date.now() - 1 })), 'meshgraph.session');
    await preview(page).getByRole('button', { name: 'Watch again' }).click();
    await page.locator('.live-preview[data-status=refused]').waitFor();
    expect(await status.textContent()).toMatch(/^The gateway refused the stream \(FORBIDDEN\): "Subscription\.episodePlayed" is internal in data product urn:meshgraph:podcasts:episode-plays:v1; rule "internal-needs-authentication" denies it .+ Sign in \(at the top of the page\)/);
    await preview(page).getByRole('button', { name: 'Watch again' }).waitFor();
    await browser.screenshot(page, 'live-preview-refused');
    expect(await checkAccessibility(page)).toEqual([]);
    // The page's polls that ran with the forged token were answered 401, as they should be; nothing else failed.
    expect(problems.filter((problem) => !problem.includes('status of 401'))).toEqual([]);
  });

  it('a gateway shutting down while a stream is watched ends it: the preview says so and offers to watch again', async () => {
    const replica = await mesh.startReplica();
    let closed = false;
    try {
      const { page, problems } = await openEpisodePlays('analyst', replica.gateway.url);
      await preview(page).getByRole('button', { name: 'Watch' }).click();
      await page.locator('.live-preview[data-status=watching]').waitFor();
      await vi.waitFor(async () => expect(await readMetric(replica.gateway.url, 'meshgraph_subscriptions_open')).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
      await replica.close();
      closed = true;
      await page.locator('.live-preview[data-status=ended]').waitFor();
      expect(await preview(page).locator('.live-status').textContent()).toBe('The gateway ended the stream: it may have shut down, or the product changed. Watch again to start over.');
      await preview(page).getByRole('button', { name: 'Watch again' }).waitFor();
      await browser.screenshot(page, 'live-preview-gateway-gone');
      // The closed gateway is unreachable: Chromium reports what the page's polls could not reach, and nothing else failed.
      expect(problems.filter((problem) => !/^WebSocket connection to|ERR_CONNECTION_REFUSED/.test(problem))).toEqual([]);
    } finally {
      if (!closed) await replica.close();
    }
  });

  it('a visitor who is not signed in is told that watching needs a sign-in, and offered no Watch', async () => {
    const { page, problems } = await openEpisodePlays();
    const section = page.locator('section[aria-labelledby="live"]');
    await section.locator('.live-sign-in').waitFor();
    expect(await section.locator('.live-sign-in').textContent()).toMatch(/^Watching live events needs a sign-in: .+ Use Sign in at the top of the page/);
    expect(await section.getByRole('button', { name: 'Watch' }).count()).toBe(0);
    await browser.screenshot(page, 'live-preview-anonymous');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
