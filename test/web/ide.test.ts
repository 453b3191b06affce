import { describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { PLAYS_TOPIC } from '../../schema/events/index.ts';
import { checkAccessibility, HAS_CHROMIUM, warnWithoutChromium, type AccessibilityViolation, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';
import { appendPlays, cursorAtEnd, newPlay } from '../support/plays.ts';

warnWithoutChromium('the GraphQL IDE tests (GraphiQL at /ide, the product page example query)');

const EPISODE_PLAYS = 'urn:meshgraph:podcasts:episode-plays:v1';

/**
 * What GraphiQL's own markup breaks and the page cannot mend, by rule and
 * by the elements axe names; anything else fails the test.
 * - nested-interactive: a tab of GraphiQL's tab bar (`li role=tab`) holds
 *   its own buttons (select, close), which a tab may not.
 * - scrollable-region-focusable: CodeMirror scrolls a box of its own, while
 *   the keyboard focuses (and scrolls by) the text area beside it.
 */
const GRAPHIQL_OWN: { id: string; node: RegExp }[] = [
  { id: 'nested-interactive', node: /^li$/ },
  { id: 'scrollable-region-focusable', node: /^\.graphiql-[\w-]+ > \.graphiql-editor > \.CodeMirror\.cm-s-graphiql\[translate="no"\] > \.CodeMirror-scroll$/ },
];

/** The violations, less the elements of GraphiQL's own markup the allowlist names. */
const beyondGraphiQL = (violations: AccessibilityViolation[]) =>
  violations.map((v) => ({ ...v, nodes: v.nodes.filter((node) => !GRAPHIQL_OWN.some(({ id, node: allowed }) => id === v.id && allowed.test(node))) })).filter((v) => v.nodes.length > 0);

/** The text of one of GraphiQL's CodeMirror editors: `query` or `response`. */
const editor = (page: Page, which: 'query' | 'response') =>
  page.evaluate((selector) => (document.querySelector(selector) as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(), which === 'query' ? '.graphiql-query-editor .CodeMirror' : '.result-window .CodeMirror');

/** Opens the IDE with `query` (and `variables`) in its address, and waits until its editor holds it (the run button runs what the editor holds). */
async function openInIde(page: Page, base: string, query: string, variables?: string): Promise<void> {
  await page.goto(`${base}/ide?${new URLSearchParams({ query, ...(variables ? { variables } : {}) })}`);
  await page.waitForFunction((wanted) => (document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { getValue(): string } } | null)?.CodeMirror.getValue() === wanted, query);
}

/** Waits until the response editor shows an answer containing `text` (the page's CSP allows no eval, so no predicate is sent), and returns it parsed. */
async function waitForResponse(page: Page, text: string): Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const handle = await page.waitForFunction((wanted) => {
    const shown = (document.querySelector('.result-window .CodeMirror') as unknown as { CodeMirror: { getValue(): string } } | null)?.CodeMirror.getValue() ?? '';
    return shown.includes(wanted) ? shown : false;
  }, text);
  return JSON.parse((await handle.jsonValue()) as string);
}

describe.skipIf(!HAS_CHROMIUM)('the GraphQL IDE and the example query, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser, base } = started));

  /** A fresh page, signed in as `consumer` when given (the session in localStorage, as the catalog keeps it), with the IDE's requests to /graphql kept. */
  async function open(consumer?: string) {
    const { page, problems } = await browser.newPage();
    if (consumer) {
      const token = (await mesh.token(consumer)).slice('Bearer '.length);
      await page.addInitScript(([key, value]) => localStorage.setItem(key!, value!), ['meshgraph.session', JSON.stringify({ token, consumer, expiresAt: Date.now() + 600_000 })]);
    }
    const requests: Request[] = [];
    page.on('request', (request) => request.url().endsWith('/graphql') && request.method() === 'POST' && requests.push(request));
    return { page, problems, requests };
  }

  it('opens with the query of its address, loads the schema into the docs, and runs it anonymously as meshgraph-web-ide', async () => {
    const { page, problems, requests } = await open();
    const query = 'query Top($rows: Int) { topCharts(first: $rows) { edges { node { rank plays } } } }';
    // The query of the address is in the editor; its variables are sent with it (below).
    await openInIde(page, base, query, '{ "rows": 3 }');
    expect(await page.locator('.ide-viewer').textContent()).toMatch(/^Not signed in/);
    // The schema came by introspection: the docs list the gateway's root fields.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).click();
    await page.locator('.graphiql-doc-explorer').getByText('topCharts', { exact: true }).first().waitFor();
    await page.locator('.graphiql-execute-button').click();
    const answer = await waitForResponse(page, '"rank"');
    expect((answer.data as { topCharts: { edges: unknown[] } }).topCharts.edges).toHaveLength(3);
    expect(answer).toEqual((await postGraphQL(mesh.gateway.url, { query, variables: { rows: 3 } })).body);
    const run = requests.find((request) => request.postDataJSON()?.query === query)!;
    expect(run.postDataJSON().variables).toEqual({ rows: 3 });
    expect(run.headers()['apollographql-client-name']).toBe('meshgraph-web-ide');
    expect(run.headers()['authorization']).toBeUndefined();
    await browser.screenshot(page, 'ide-anonymous');
    expect(beyondGraphiQL(await checkAccessibility(page))).toEqual([]);
    // Nothing GraphiQL needs is blocked by the page's Content-Security-Policy.
    expect(problems).toEqual([]);
  });

  it("signed in, it runs as the viewer: a field governance holds back from anonymous callers is served", async () => {
    const query = '{ plays(first: 2) { edges { node { id secondsPlayed device } } } }';
    const anonymous = (await postGraphQL(mesh.gateway.url, { query })).body;
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { page, problems, requests } = await open('analyst');
    await openInIde(page, base, query);
    expect(await page.locator('.ide-viewer').textContent()).toBe('Signed in as analyst');
    await page.locator('.graphiql-execute-button').click();
    const answer = await waitForResponse(page, '"plays"');
    expect(answer.errors).toBeUndefined();
    expect((answer.data as { plays: { edges: unknown[] } }).plays.edges).toHaveLength(2);
    expect(requests.find((request) => request.postDataJSON()?.query === query)!.headers()['authorization']).toMatch(/^Bearer /);
    await browser.screenshot(page, 'ide-signed-in');
    expect(beyondGraphiQL(await checkAccessibility(page))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a subscription streams a play appended to the log into the response', async () => {
    const { page, problems } = await open('analyst');
    // From the log's end now: the play appended below arrives however soon the subscription starts.
    const after = await cursorAtEnd(mesh.log, PLAYS_TOPIC.name);
    await openInIde(page, base, `subscription { episodePlayed(after: "${after}") { play { id secondsPlayed } } }`);
    await page.locator('.graphiql-execute-button').click();
    const play = newPlay(mesh, 'ide-live-1', { secondsPlayed: 123 });
    await appendPlays(mesh.log, [play]);
    const event = await waitForResponse(page, '"episodePlayed"');
    expect(event).toEqual({ data: { episodePlayed: { play: { id: 'ide-live-1', secondsPlayed: 123 } } } });
    await browser.screenshot(page, 'ide-subscription');
    expect(problems).toEqual([]);
  });

  it("a product page writes an example query from its ports: Run shows the answer, masked fields' errors included, and Open in the IDE carries it", async () => {
    const { page, problems } = await open();
    await page.goto(`${base}/products/${encodeURIComponent(EPISODE_PLAYS)}`);
    const example = page.getByLabel('Example query', { exact: true });
    await example.waitFor();
    const query = (await example.textContent())!;
    expect(query).toBe(['query EpisodePlaysExample {', '  plays(first: 5) {', '    edges {', '      node {', '        id', '        secondsPlayed', '        completed', '        device', '      }', '    }', '  }', '}'].join('\n'));
    await page.getByRole('button', { name: 'Run' }).click();
    const answer = JSON.parse((await page.getByLabel('Answer', { exact: true }).textContent())!);
    // The page shows the gateway's answer to an anonymous caller as it came: plays are internal.
    expect(answer).toEqual((await postGraphQL(mesh.gateway.url, { query })).body);
    expect(answer.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await page.locator('.example-summary').textContent()).toMatch(/^The answer, with \d+ errors?: /);
    await browser.screenshot(page, 'product-example-query');
    expect(await checkAccessibility(page)).toEqual([]);
    await page.getByRole('link', { name: 'Open in the IDE' }).click();
    await page.waitForURL(`${base}/ide?**`);
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await editor(page, 'query')).toBe(query);
    expect(problems).toEqual([]);
  });

  it('the header leads to the IDE, and the IDE back to the catalog', async () => {
    const { page, problems } = await open();
    await page.goto(`${base}/`);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'IDE' }).click();
    await page.waitForURL(`${base}/ide`);
    // No query in the address, no saved tab: it opens with its welcome query.
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    expect(await editor(page, 'query')).toMatch(/^# The mesh's whole graph/);
    expect(beyondGraphiQL(await checkAccessibility(page))).toEqual([]);
    // Its dialogs open under the page's policy too (scroll locking styles the page as it opens).
    await page.getByRole('button', { name: 'Open settings dialog' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Back to the data products' }).click();
    await page.waitForURL(`${base}/`);
    await page.locator('.product').first().waitFor();
    expect(problems).toEqual([]);
  });
});
