import { describe, expect, it } from 'vitest';
import { checkAccessibility, HAS_CHROMIUM, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { STATION_URNS } from '../support/stationsDomain.ts';
import { consumer, startStationsMesh, type StationsMesh } from '../support/stationsMesh.ts';

warnWithoutChromium('the web catalog tests of major versions side by side');

const productPage = (urn: string) => `/products/${encodeURIComponent(urn)}`;

/** station-plays v1 and v2, served side by side by one domain (test/support/stationsDomain.ts). */
describe.skipIf(!HAS_CHROMIUM)("a product page's other major versions, in a browser", () => {
  let mesh: StationsMesh;
  let browser: TestBrowser;
  let base: string;

  useBrowserMesh(() => startStationsMesh({ lifecycle: true }), (started) => void ({ mesh, browser, base } = started), 120_000);

  it('each major links to the other with its status, and v1 deprecated shows so on the page of v2', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}${productPage(STATION_URNS.v1)}`);
    const others = page.locator('ul.other-majors li');
    await others.first().waitFor();
    expect(await others.allTextContents()).toEqual(['station-plays 2.0.0 active']);
    expect(await others.locator('a').getAttribute('href')).toBe(productPage(STATION_URNS.v2));

    await mesh.lifecycle!.move({ ...consumer('stations-owner'), owns: ['stations'] }, { urn: STATION_URNS.v1, to: 'deprecated', reason: 'v2 counts seconds.', successor: STATION_URNS.v2 });
    await others.locator('a').click();
    await page.waitForURL(`${base}${productPage(STATION_URNS.v2)}`);
    // The page of v1 stays up until v2's product arrives: wait for v2's own list, naming v1.
    await page.locator('ul.other-majors li', { hasText: 'station-plays 1.4.0' }).waitFor();
    expect(await page.locator('ul.other-majors li').allTextContents()).toEqual(['station-plays 1.4.0 deprecated']);
    await browser.screenshot(page, 'product-other-majors');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
