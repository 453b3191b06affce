import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CONSUMERS } from '../../demo/consumers.ts';
import { checkAccessibility, HAS_CHROMIUM, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';

warnWithoutChromium('the web catalog tests of polysemes, URN lookup and version history');

const ENGAGEMENT = 'urn:meshgraph:insights:listener-engagement:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const entityPage = (urn: string) => `/entities/${encodeURIComponent(urn)}`;

interface Polyseme {
  name: string;
  owner: string;
  extendedBy: string[];
  urnPattern: string;
  facets: { domain: string; fields: string[] }[];
}

/** What the page shows in a field's row of a domain's facet. */
const fieldText = (page: Page, domain: string, field: string) => page.locator(`[data-domain="${domain}"] [data-field="${field}"] dd`).first().textContent();

describe.skipIf(!HAS_CHROMIUM)('polysemes, URN lookup and version history, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;
  let polysemes: Polyseme[];

  /** Signs the page in as a demo consumer before it loads: the session the app keeps in localStorage. */
  const signIn = async (page: Page, consumer: string) => {
    const token = (await mesh.token(consumer)).slice('Bearer '.length);
    const session = JSON.stringify({ token, consumer, expiresAt: Date.now() + 600_000 });
    await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), ['meshgraph.session', session]);
  };
  const graph = async (query: string, consumer?: string) => {
    const { body } = await postGraphQL(mesh.gateway.url, { query }, consumer ? { authorization: await mesh.token(consumer) } : {});
    return body.data!;
  };

    // On the registry, so that the lifecycle book moves products.
  useBrowserMesh(
    () => startGovernedMesh({ data: SMALL_TEST_DATA, registry: { publish: ['listeners', 'podcasts', 'artists', 'insights'] } }),
    async (started) => {
      ({ mesh, browser, base } = started);
      polysemes = (await graph('{ polysemes { name owner extendedBy urnPattern facets { domain fields } } }')).polysemes;
    }, 120_000,
  );

  it('the polysemes page shows each polyseme the catalog knows, its owner, the domains that extend it and what each adds', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Polysemes' }).click();
    await page.locator('.polyseme').first().waitFor();
    const shown = await page.locator('.polyseme').evaluateAll((sections) =>
      sections.map((section) => ({
        name: section.querySelector('h2')!.textContent,
        owner: section.querySelector('.owner')!.textContent,
        extenders: section.querySelector('.extenders')!.textContent,
        facets: [...section.querySelectorAll('tbody tr')].map((row) => ({ domain: row.querySelector('th')!.textContent, fields: [...row.querySelectorAll('code')].map((code) => code.textContent) })),
      })),
    );
    expect(shown).toEqual(polysemes.map((p) => ({ name: p.name, owner: p.owner, extenders: p.extendedBy.join(', ') || 'no other domain', facets: p.facets })));
    expect(polysemes.some((p) => p.extendedBy.length > 0)).toBe(true);
    // The lookup form suggests URNs from the data: artists and podcasts are public, listeners are not for a visitor.
    await page.locator('.examples a').first().waitFor();
    expect(await page.locator('#urn-examples option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toContain('urn:meshgraph:artist:a-1');
    await browser.screenshot(page, 'polysemes');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('looking up an artist URN from the data shows every domain\'s facet of that artist', async () => {
    const [artist] = (await graph('{ artists(first: 1) { edges { node { urn name country genres royalties { plays } } } } }')).artists.edges.map((e: { node: unknown }) => e.node);
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/polysemes`);
    await page.getByLabel('Look up a URN').fill(artist.urn);
    await page.getByLabel('Look up a URN').press('Enter');
    await page.waitForURL(`${base}${entityPage(artist.urn)}`);
    await page.locator('.facet-of').first().waitFor();
    const expected = polysemes.find((p) => p.name === 'Artist')!;
    expect(await page.locator('.facet-of').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-domain')))).toEqual(expected.facets.map((f) => f.domain));
    expect(await page.locator('[data-domain=artists] [data-field]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(expected.facets[0]!.fields);
    expect(await fieldText(page, 'artists', 'name')).toBe(artist.name);
    expect(await fieldText(page, 'artists', 'genres')).toBe(artist.genres.join(', '));
    // Royalties are confidential: a visitor sees why not, and how to get them.
    expect(await fieldText(page, 'artists', 'royalties')).toMatch(/^restricted confidential · rule confidential-needs-agreement.*To read it: send a bearer token, then request access/);
    await browser.screenshot(page, 'entity-artist');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a listener\'s personal and internal fields show restricted to a visitor, and their values to the listeners\' owner', async () => {
    const [listener] = (await graph('{ listeners(first: 1) { edges { node { urn email city } } } }', 'listeners-owner')).listeners.edges.map((e: { node: unknown }) => e.node);
    const visitor = await browser.newPage();
    await visitor.page.goto(`${base}${entityPage(listener.urn)}`);
    await visitor.page.locator('[data-domain=listeners]').waitFor();
    expect(await visitor.page.locator('.facet-of').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-domain')))).toEqual(['listeners', 'insights']);
    expect(await fieldText(visitor.page, 'listeners', 'email')).toMatch(/^restricted pii · rule pii-needs-purpose.*To read it: send a bearer token/);
    expect(await fieldText(visitor.page, 'listeners', 'city')).toMatch(/^restricted internal · rule internal-needs-authentication/);
    expect(await visitor.page.locator('[data-field=email] a.access').getAttribute('href')).toBe(`/products/${encodeURIComponent('urn:meshgraph:listeners:listener-profiles:v1')}`);
    // Insights' facet says so too, for its own product: each field answers for itself.
    expect(await fieldText(visitor.page, 'insights', 'engagement')).toMatch(/^restricted internal · rule internal-needs-authentication/);
    await browser.screenshot(visitor.page, 'entity-listener-visitor');
    expect(await checkAccessibility(visitor.page)).toEqual([]);
    expect(visitor.problems).toEqual([]);

    const owner = await browser.newPage();
    await signIn(owner.page, 'listeners-owner');
    await owner.page.goto(`${base}${entityPage(listener.urn)}`);
    await owner.page.locator('[data-domain=listeners]').waitFor();
    expect(await fieldText(owner.page, 'listeners', 'email')).toBe(listener.email);
    expect(await fieldText(owner.page, 'listeners', 'city')).toBe(listener.city);
    await browser.screenshot(owner.page, 'entity-listener-owner');
    expect(owner.problems).toEqual([]);
  });

  it('a malformed URN shows what the gateway says and the patterns it expects', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}${entityPage('urn:meshgraph:dragon:7')}`);
    await page.getByRole('heading', { name: 'Not a polyseme URN' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toBe(`"urn:meshgraph:dragon:7" is not the URN of a polyseme instance; expected one of ${polysemes.map((p) => p.urnPattern).join(', ')}.`);
    expect(await page.locator('.not-a-urn li code').allTextContents()).toEqual(polysemes.map((p) => p.urnPattern));
    await browser.screenshot(page, 'entity-malformed');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an artist no domain knows says nothing was found', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}${entityPage('urn:meshgraph:artist:no-such-artist')}`);
    expect(await page.locator('.nothing').textContent()).toBe('Nothing found: no domain knows an Artist with id “no-such-artist”.');
    expect(problems).toEqual([]);
  });

  it('a product its owner deprecated shows the move on its page: from, to, when, by whom and why', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/products/${encodeURIComponent(ENGAGEMENT)}`);
    expect(await page.locator('.never-moved').textContent()).toBe('Its owners never moved it: its status, active, is its descriptor\'s.');
    expect(await page.locator('.other-majors').textContent()).toBe('This is its only major version.');

    await mesh.lifecycle!.move(DEMO_CONSUMERS['insights-owner']!, { urn: ENGAGEMENT, to: 'deprecated', reason: 'Segments move to top-charts', successor: TOP_CHARTS, sunset: '2099-12-31' });
    await page.reload();
    const row = page.locator('.lifecycle-history tbody tr');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toBe('active');
    expect(cells[1]).toBe('deprecated');
    expect(cells[3]).toBe('insights-owner');
    expect(cells[4]).toBe(`Segments move to top-charts Replaced by ${TOP_CHARTS}. May be retired from 2099-12-31.`);
    const { history } = (await graph(`{ dataProduct(urn: "${ENGAGEMENT}") { lifecycle { history { at } } } }`)).dataProduct.lifecycle;
    expect(await row.locator('time').getAttribute('datetime')).toBe(history[0].at);
    await browser.screenshot(page, 'product-version-history');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
