import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, pollFiguresOnce, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { appendPlays, newPlay } from '../support/plays.ts';

warnWithoutChromium("the newcomer's walk through the web catalog (find plays, owner, freshness, live plays, access, lineage)");

const EPISODE_PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';

/**
 * The "done when", as a newcomer would do it: from the page the
 * gateway serves at its root, with no docs, by what the page shows (labels,
 * buttons, links), never by URLs typed in.
 */
describe.skipIf(!HAS_CHROMIUM)("a newcomer's walk through the web catalog, in a browser, on a governed mesh", () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser } = started));

  /** Appends plays until one shows in the live preview: the gateway's subscription reaches the podcasts domain a moment after Watch. */
  async function playUntilOneShows(page: Page): Promise<string> {
    const rows = page.locator('.live-preview[data-port="episode-played"] tbody tr');
    let arrived = false;
    const first = rows.first().waitFor({ timeout: 20_000 }).then(() => (arrived = true));
    let played = 0;
    while (!arrived) await Promise.race([appendPlays(mesh.log, [newPlay(mesh, `newcomer-${++played}`)]), first]);
    return (await rows.first().textContent()) ?? '';
  }

  it('finds data about plays, sees who owns it and how fresh it is, watches plays arrive, requests access, and sees where the data comes from', async () => {
    const { page, problems } = await browser.newPage();
    const { body } = await postGraphQL(mesh.gateway.url, { query: `{ dataProduct(urn: "${EPISODE_PLAYS}") { owner { name } } }` });
    const owner = body.data!.dataProduct.owner.name as string;

    // The root of the gateway: every data product, and a search box.
    await page.clock.install();
    await page.goto(mesh.gateway.url.replace(/graphql$/, ''));
    await page.getByLabel('Search the mesh').pressSequentially('plays');
    const result = page.getByRole('link', { name: 'episode-plays', exact: true });
    await result.waitFor();
    await browser.screenshot(page, 'newcomer-1-search-plays');

    // Its page: who owns it, and how fresh it is (nothing fed it since start: not judged yet).
    await result.click();
    await page.getByRole('heading', { name: 'episode-plays', level: 1 }).waitFor();
    expect(await page.locator('.owner').textContent()).toBe(owner);
    await page.locator('.badge[data-fresh=unjudged]').waitFor();

    // Watching plays needs a sign-in: the page says so, and the header offers one.
    await page.getByRole('heading', { name: 'Live events' }).waitFor();
    expect(await page.locator('.live-sign-in').textContent()).toMatch(/^Watching live events needs a sign-in/);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('dialog', { name: 'Sign in' }).getByRole('button', { name: 'Sign in as analyst' }).click();
    await page.getByRole('status').filter({ hasText: 'Signed in as analyst' }).waitFor();

    // Plays arrive live, and the freshness badge turns fresh at the next poll of the figures.
    await page.locator('.live-preview[data-port="episode-played"]').getByRole('button', { name: 'Watch' }).click();
    expect(await playUntilOneShows(page)).toMatch(/newcomer-\d+/);
    await pollFiguresOnce(page, mesh.gateway.url, EPISODE_PLAYS, (figures) => figures.meetsFreshnessSlo === true);
    await page.locator('.badge[data-fresh=true]').waitFor({ timeout: 15_000 });
    await browser.screenshot(page, 'newcomer-2-plays-arriving');

    // The analyst asks its owners for what is masked for it.
    await page.getByLabel('Purpose').selectOption('analytics');
    await page.getByLabel('Justification').fill('Weekly listening report for the insights team.');
    await page.getByRole('button', { name: 'Request access' }).click();
    await page.locator('.request-made').filter({ hasText: /^(Requested|Approved)/ }).waitFor();
    const { body: asked } = await postGraphQL(mesh.gateway.url, { query: `{ accessAgreements(urn: "${EPISODE_PLAYS}") { consumer purpose status } }` }, { authorization: await mesh.token('analyst') });
    expect(asked.data!.accessAgreements).toContainEqual(expect.objectContaining({ consumer: 'analyst', purpose: 'analytics' }));
    await browser.screenshot(page, 'newcomer-3-access-requested');

    // Where the data comes from: its lineage, upstream on the left.
    await page.getByRole('link', { name: 'See its lineage' }).click();
    const upstream = page.locator(`.lineage-table tbody tr[data-to="${EPISODE_PLAYS}"]`);
    await upstream.first().waitFor();
    expect(await upstream.count()).toBeGreaterThan(0);
    await browser.screenshot(page, 'newcomer-4-lineage');
    expect(problems).toEqual([]);
  });
});
