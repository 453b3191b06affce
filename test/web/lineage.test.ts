import { describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, HAS_CHROMIUM, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import type { LineageEdge } from '../../web/lineage/lineageQueries.ts';

warnWithoutChromium('the lineage picture tests');

const PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';
const TOP_CHARTS = 'urn:meshgraph:insights:top-charts:v1';
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';

type Edge = Pick<LineageEdge, 'from' | 'to' | 'via' | 'topic' | 'declared' | 'observed' | 'undeclared' | 'withoutAgreement'>;
interface Lineage {
  nodes: { id: string }[];
  edges: Edge[];
}

/** Where an edge goes, as the picture and the table mark it. */
const ends = ({ from, to, via }: Pick<Edge, 'from' | 'to' | 'via'>) => `${from} → ${to} (${via})`;

/** What the picture draws: its nodes' ids and its edges' ends, in the order drawn. */
const drawn = (page: Page) =>
  page.evaluate(() => ({
    nodes: [...document.querySelectorAll('.lineage-picture .lineage-node')].map((node) => node.getAttribute('data-id')!),
    edges: [...document.querySelectorAll('.lineage-picture .lineage-edge')].map((edge) => `${edge.getAttribute('data-from')} → ${edge.getAttribute('data-to')} (${edge.getAttribute('data-via')})`),
    rows: [...document.querySelectorAll('.lineage-table tbody tr')].map((row) => `${row.getAttribute('data-from')} → ${row.getAttribute('data-to')} (${row.getAttribute('data-via')})`),
  }));

/** The picture's edge from `from` to `to`. */
const edgeIn = (page: Page, from: string, to: string) => page.locator(`.lineage-picture .lineage-edge[data-from="${from}"][data-to="${to}"]`);

describe.skipIf(!HAS_CHROMIUM)('the lineage picture, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;

  const lineageOf = async (urn: string, depth: number): Promise<Lineage> => {
    const { body } = await postGraphQL(mesh.gateway.url, { query: `query($urn: ID!, $depth: Int!) { lineage(urn: $urn, depth: $depth) { nodes { id } edges { from to via topic declared observed undeclared withoutAgreement } } }`, variables: { urn, depth } });
    return body.data!.lineage;
  };
  /** Waits until the lineage page has drawn its picture (it draws it whole, once) and checks it drew `edges` edges; says what the page says instead when the catalog refused. */
  const drawnEdges = async (page: Page, edges: number) => {
    await page.locator('.lineage-picture, .lineage-page [role=alert]').first().waitFor();
    expect(await page.locator('.lineage-page [role=alert]').count(), (await page.locator('.lineage-page').textContent()) ?? '').toBe(0);
    expect(await page.locator('.lineage-picture .lineage-edge').count()).toBe(edges);
  };

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser, base } = started));

  it("from episode-plays' page, its lineage shows the nodes and edges the catalog answers, declared and observed; a node links through to its product", async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/products/${encodeURIComponent(PLAYS)}`);
    const expected = await lineageOf(PLAYS, 2);
    await page.getByRole('link', { name: 'See its lineage' }).click();
    await page.waitForURL(`${base}/lineage/${encodeURIComponent(PLAYS)}`);
    await drawnEdges(page, expected.edges.length);
    const { nodes, edges, rows } = await drawn(page);
    expect(nodes.sort()).toEqual(expected.nodes.map((node) => node.id).sort());
    expect(edges.sort()).toEqual(expected.edges.map(ends).sort());
    expect(rows).toEqual(expected.edges.map(ends));
    expect(await page.locator(`.lineage-node.root`).getAttribute('data-id')).toBe(PLAYS);

    // Top charts declares plays as an input port, and its stream was seen reading them: solid, marked observed.
    expect(expected.edges).toContainEqual(expect.objectContaining({ from: PLAYS, to: TOP_CHARTS, via: 'dataProduct', declared: true, observed: true }));
    const charts = edgeIn(page, PLAYS, TOP_CHARTS);
    expect(await charts.getAttribute('class')).toMatch(/\bline-declared\b/);
    expect(await charts.locator('.observed-mark').count()).toBe(1);
    // The player apps feed plays as declared, but nothing observes an operational source: dashed, unmarked.
    const player = expected.edges.find((edge) => edge.via === 'source' && edge.to === PLAYS)!;
    expect(player).toMatchObject({ declared: true, observed: false });
    const source = edgeIn(page, player.from, PLAYS);
    expect(await source.getAttribute('class')).toMatch(/\bline-unobserved\b/);
    expect(await source.locator('.observed-mark').count()).toBe(0);

    // Focusing an edge shows its details. The pointer, left where the page's link was, rests over the picture, and pointing selects too: move it off first.
    await page.mouse.move(0, 0);
    await charts.focus();
    const details = page.locator('.lineage-details');
    await expect.poll(() => details.textContent()).toMatch(/^From.*podcasts\/episode-plays.*To.*insights\/top-charts.*Via.*data product.*Declared.*yes.*Observed.*last seen /);
    await browser.screenshot(page, 'lineage-episode-plays');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);

    await page.getByRole('link', { name: 'top-charts, insights: data product, open its page', exact: true }).click();
    await page.waitForURL(`${base}/products/${encodeURIComponent(TOP_CHARTS)}`);
    await page.locator('h1', { hasText: 'top-charts' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('a data product reading plays it declares no port for is flagged as undeclared use, and an application reading them without an agreement too', async () => {
    // Listener profiles declares no input from plays; charts-web holds no agreement on them.
    const profiles = await mesh.token({ id: 'listeners/listener-profiles', kind: 'application', team: 'listeners', owns: [], scopes: [], regions: [] });
    const plays = '{ plays(first: 1) { edges { node { id } } } }';
    expect((await postGraphQL(mesh.gateway.url, { query: plays }, { authorization: profiles })).body.errors).toBeUndefined();
    expect((await postGraphQL(mesh.gateway.url, { query: plays }, { authorization: await mesh.token('charts-web') })).body.errors).toBeUndefined();
    // The audit records reads as they are answered: the catalog sees them a moment later.
    const expected = await vi.waitFor(async () => {
      const lineage = await lineageOf(PLAYS, 2);
      expect(lineage.edges).toContainEqual(expect.objectContaining({ from: PLAYS, to: PROFILES, via: 'graphql', undeclared: true }));
      expect(lineage.edges).toContainEqual(expect.objectContaining({ from: PLAYS, to: 'app:charts-web', via: 'graphql', withoutAgreement: true }));
      return lineage;
    }, { timeout: 5_000, interval: 50 });

    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/lineage/${encodeURIComponent(PLAYS)}`);
    await drawnEdges(page, expected.edges.length);
    const undeclared = edgeIn(page, PLAYS, PROFILES);
    expect(await undeclared.getAttribute('class')).toMatch(/\bflagged\b/);
    expect(await undeclared.locator('.flag-label').textContent()).toBe('undeclared use');
    const withoutAgreement = edgeIn(page, PLAYS, 'app:charts-web');
    expect(await withoutAgreement.getAttribute('class')).toMatch(/\bflagged\b/);
    expect(await withoutAgreement.locator('.flag-label').textContent()).toBe('no agreement');
    // The flag's colour is the page's --stale, as the legend says.
    const stale = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--stale').trim());
    expect(await undeclared.locator('.line').evaluate((line) => getComputedStyle(line).stroke)).toBe(rgb(stale));
    // The table says the same in words.
    const row = page.locator(`.lineage-table tr[data-from="${PLAYS}"][data-to="${PROFILES}"]`);
    expect(await row.locator('td').allTextContents()).toEqual(['podcasts/episode-plays', 'listeners/listener-profiles', 'GraphQL queries', 'no', expect.stringMatching(/^last seen /), 'undeclared use']);
    // Pointing at the edge tells when it was last seen.
    await undeclared.locator('.flag-label').hover();
    await expect.poll(() => page.locator('.lineage-details .flags').textContent()).toBe('undeclared use');
    await browser.screenshot(page, 'lineage-undeclared');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("the header's Lineage shows the whole mesh, every product's edges; a product node opens its page from the keyboard", async () => {
    const { body } = await postGraphQL(mesh.gateway.url, { query: '{ dataProducts(first: 100) { dataProduct { urn } } }' });
    const urns: string[] = body.data!.dataProducts.map(({ dataProduct }: { dataProduct: { urn: string } }) => dataProduct.urn);
    const lineages = await Promise.all(urns.map((urn) => lineageOf(urn, 1)));
    const expected = { nodes: new Set(lineages.flatMap((l) => l.nodes.map((n) => n.id))), edges: new Set(lineages.flatMap((l) => l.edges.map(ends))) };

    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Lineage' }).click();
    await page.waitForURL(`${base}/lineage`);
    await drawnEdges(page, expected.edges.size);
    const { nodes, edges } = await drawn(page);
    expect(nodes.sort()).toEqual([...expected.nodes].sort());
    expect(edges.sort()).toEqual([...expected.edges].sort());
    // Every product of the catalog is in the picture, and none is highlighted.
    expect(nodes).toEqual(expect.arrayContaining(urns));
    expect(await page.locator('.lineage-node.root').count()).toBe(0);
    await browser.screenshot(page, 'lineage-mesh');
    expect(await checkAccessibility(page)).toEqual([]);

    // From the heading, Tab walks the nodes left to right before any edge, and Enter on a product opens its page.
    await page.locator('h1').click();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    const walked: (string | null)[] = [];
    for (let i = 0; i < nodes.length && walked.at(-1) !== 'artist-royalties, artists: data product, open its page'; i++) {
      await page.keyboard.press('Tab');
      walked.push(await focused());
    }
    expect(walked.at(-1)).toBe('artist-royalties, artists: data product, open its page');
    expect(walked[0]).toMatch(/, source$/);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/products/${encodeURIComponent('urn:meshgraph:artists:artist-royalties:v1')}`);
    await page.locator('h1', { hasText: 'artist-royalties' }).waitFor();
    expect(problems).toEqual([]);
  });
});

/** `#a4200b` as computed styles say it: `rgb(164, 32, 11)`. */
function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}
