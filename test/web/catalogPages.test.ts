import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, HAS_CHROMIUM, pollFiguresOnce, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { appendPlays, newPlay } from '../support/plays.ts';

warnWithoutChromium('the web catalog tests (landing page, search, facets, product page)');

/** The product names and owners the landing page shows, in order. */
const listed = (page: Page) =>
  page.locator('.product').evaluateAll((items) => items.map((item) => ({ name: item.querySelector('h2')!.textContent!, owner: item.querySelector('.owner a')!.textContent! })));

describe.skipIf(!HAS_CHROMIUM)('the web catalog, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;
  /** What the catalog answers anyone: every product's name and owner. */
  let products: { name: string; owner: string; domain: string }[];

  useBrowserMesh(
    () => startGovernedMesh({ data: SMALL_TEST_DATA }),
    async (started) => {
      ({ mesh, browser, base } = started);
      const { body } = await postGraphQL(mesh.gateway.url, { query: '{ dataProducts(first: 100) { dataProduct { name domain owner { name } } } }' });
      products = body.data!.dataProducts.map(({ dataProduct: p }: { dataProduct: { name: string; domain: string; owner: { name: string } } }) => ({ name: p.name, owner: p.owner.name, domain: p.domain }));
    },
  );

  it('the landing page lists every data product with its owner, to a visitor without a token', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction((count) => document.querySelectorAll('.product').length === count, products.length);
    expect(await listed(page)).toEqual(products.map(({ name, owner }) => ({ name, owner })));
    expect(await page.locator('.product').first().locator('.facts').textContent()).toMatch(/^\w+ · (source aligned|aggregate|consumer aligned) · (proposed|active|deprecated|retired)$/);
    await browser.screenshot(page, 'landing');
    expect(await checkAccessibility(page)).toEqual([]);
    // Nothing the page needs is blocked by its Content-Security-Policy, and nothing failed.
    expect(problems).toEqual([]);
  });

  it('typing in search narrows the list as you type and says why each product matched', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction((count) => document.querySelectorAll('.product').length === count, products.length);
    await page.getByLabel('Search the mesh').pressSequentially('royalties');
    await page.waitForFunction((count) => document.querySelectorAll('.product').length < count, products.length);
    const first = page.locator('.product').first();
    expect(await first.locator('h2').textContent()).toBe('artist-royalties');
    expect(await first.locator('.why').textContent()).toMatch(/^Matched in name, /);
    expect(await page.locator('[role=status]').textContent()).toMatch(/^\d data products? match “royalties”\.$/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('royalties');
    await browser.screenshot(page, 'search');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a facet filters the list to the products with that value', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    const podcasts = page.getByRole('group', { name: 'domain' }).getByLabel('podcasts');
    await podcasts.check();
    const expected = products.filter((p) => p.domain === 'podcasts');
    await page.waitForFunction((count) => document.querySelectorAll('.product').length === count, expected.length);
    expect((await listed(page)).map((p) => p.name)).toEqual(expected.map((p) => p.name));
    expect(new URL(page.url()).searchParams.getAll('domain')).toEqual(['podcasts']);
    await browser.screenshot(page, 'facet-domain');
    expect(problems).toEqual([]);
  });

  it("opening a product shows its owner, a freshness badge against its SLO, and its schema with each field's classification", async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/?q=plays`);
    await page.getByRole('link', { name: 'episode-plays', exact: true }).click();
    await page.waitForURL(`${base}/products/${encodeURIComponent('urn:meshgraph:podcasts:episode-plays:v1')}`);
    expect(await page.locator('h1').textContent()).toBe('episode-plays');
    const { body } = await postGraphQL(mesh.gateway.url, { query: '{ dataProduct(urn: "urn:meshgraph:podcasts:episode-plays:v1") { owner { name } team { name } slos { freshness } schema { name fields { name classification } } } }' });
    const product = body.data!.dataProduct;
    expect(await page.locator('dd.owner').textContent()).toBe(product.owner.name);
    expect(await page.locator('dd.team').textContent()).toBe(product.team.name);
    // The badge appears once the live figures have come (polled), comparing the newest record's age with the SLO.
    const badge = page.locator('.badge[data-fresh]');
    await badge.waitFor();
    expect(product.slos.freshness).toBe('PT1M');
    expect(await badge.textContent()).toMatch(/^((Fresh|Stale) · newest record .+ old|Not judged · newest record .+ old, none since its domain started) · SLO 1 min$/);
    const play = product.schema.find((type: { name: string }) => type.name === 'Play');
    const rows = await page.locator('table:has(caption code:text-is("Play")) tbody tr').evaluateAll((trs) => trs.map((tr) => ({ name: tr.querySelector('th')!.textContent, classification: tr.querySelector('.classification')!.textContent })));
    expect(rows).toEqual(play.fields);
    expect(await page.getByRole('link', { name: 'ODCS 3.1 contract (YAML)' }).getAttribute('href')).toBe(`/catalog/${encodeURIComponent('urn:meshgraph:podcasts:episode-plays:v1')}?format=odcs`);
    await browser.screenshot(page, 'product-episode-plays');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a play happening now turns the freshness badge of episode-plays fresh at the next poll, without reloading the page', async () => {
    const { page, problems } = await browser.newPage();
    const urn = 'urn:meshgraph:podcasts:episode-plays:v1';
    await page.clock.install();
    await page.goto(`${base}/products/${encodeURIComponent(urn)}`);
    // The demo history happened before the domain started: the catalog does not judge it yet.
    await page.locator('.badge[data-fresh=unjudged]').waitFor();
    const records = await page.locator('.figures').textContent();
    await appendPlays(mesh.log, [newPlay(mesh, 'web-live-1')]);
    await pollFiguresOnce(page, mesh.gateway.url, urn, (figures) => figures.meetsFreshnessSlo === true);
    await page.locator('.badge[data-fresh=true]').waitFor();
    expect(await page.locator('.badge').textContent()).toMatch(/^Fresh · newest record \d+ s old · SLO 1 min$/);
    expect(await page.locator('.figures').textContent()).not.toBe(records);
    await browser.screenshot(page, 'product-live-fresh');
    expect(problems).toEqual([]);
  });
});
