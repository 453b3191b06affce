import { describe, expect, it } from 'vitest';
import { checkAccessibility, HAS_CHROMIUM, pollFiguresOnce, warnWithoutChromium, type ShownFigures, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { appendPlays, newPlay } from '../support/plays.ts';

warnWithoutChromium('the live figures tests (freshness badge, records, events over time)');

const URN = 'urn:meshgraph:podcasts:episode-plays:v1';
const EPISODE_PLAYS = `/products/${encodeURIComponent(URN)}`;

describe.skipIf(!HAS_CHROMIUM)("a product page's live figures, in a browser, on a governed mesh", () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser, base } = started));

  it('the landing page does not load the chart library', async () => {
    const { page, problems } = await browser.newPage();
    const scripts: Promise<{ path: string; source: string }>[] = [];
    page.on('response', (response) => response.request().resourceType() === 'script' && scripts.push(response.text().then((source) => ({ path: new URL(response.url()).pathname, source }))));
    await page.goto(`${base}/`);
    await page.locator('.product').first().waitFor();
    const loaded = await Promise.all(scripts);
    expect(loaded.length).toBeGreaterThan(0);
    // A class name of uPlot's own, in its code wherever a build puts it.
    expect(loaded.filter(({ source }) => source.includes('u-cursor-pt')).map(({ path }) => path)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('plays arriving move the record count, turn the freshness badge fresh and show in the chart of events over time, without a reload', async () => {
    const { page, problems } = await browser.newPage();
    await page.clock.install();
    await page.goto(`${base}${EPISODE_PLAYS}`);
    // The demo history was read back while the domain started: not judged, and no event counted over time.
    await page.locator('.badge[data-fresh=unjudged]').waitFor();
    const summary = page.locator('.events-over-time figcaption');
    await page.waitForFunction(() => /^0 events in and 0 out over the last \d+ (s|minutes?)\.$/.test(document.querySelector('.events-over-time figcaption')?.textContent ?? ''));
    expect(await page.locator('.events-chart canvas').count()).toBeGreaterThan(0);
    const records = await page.locator('.figures').textContent();
    await browser.screenshot(page, 'live-figures-quiet');

    await appendPlays(mesh.log, [newPlay(mesh, 'live-figures-1'), newPlay(mesh, 'live-figures-2')]);
    // At the next poll of the figures: the badge, the count and the chart move together.
    const total = (points: ShownFigures['eventsOverTime'], counter: 'eventsIn' | 'eventsOut') => (points ?? []).reduce((sum, point) => sum + point[counter], 0);
    await pollFiguresOnce(page, mesh.gateway.url, URN, (f) => f.meetsFreshnessSlo === true && total(f.eventsOverTime, 'eventsIn') >= 2 && total(f.eventsOverTime, 'eventsOut') >= 2);
    await page.locator('.badge[data-fresh=true]').waitFor();
    expect(await page.getByRole('status').filter({ hasText: /^Fresh$/ }).count()).toBe(1);
    expect(await page.locator('.figures').textContent()).not.toBe(records);
    expect(await page.locator('.figures').textContent()).toMatch(/^\d+ records · /);
    await page.waitForFunction(() => /^2 events in and 2 out over the last /.test(document.querySelector('.events-over-time figcaption')?.textContent ?? ''));
    expect(await summary.textContent()).toMatch(/^2 events in and 2 out over the last \d+ (s|minutes?)\. The busiest 10 s began at \d\d:\d\d:\d\d: [12] in, [12] out\.$/);
    expect(Number(await page.locator('.events-over-time').getAttribute('data-points'))).toBeGreaterThan(0);
    await browser.screenshot(page, 'live-figures-fresh');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
