import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkAccessibility, HAS_CHROMIUM, signInAs, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { postGraphQL } from '../support/http.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';

warnWithoutChromium('the web catalog access tests (requesting access, an owner deciding, notifications)');

/** listener-profiles: its e-mails and birth years are personal data, and its owner is `listeners-owner` (demo/consumers.ts). */
const PROFILES = 'urn:meshgraph:listeners:listener-profiles:v1';
const EMAILS = '{ listeners(first: 3) { edges { node { id email } } } }';

describe.skipIf(!HAS_CHROMIUM)('access in the web catalog: request, decide, hear of it', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser, base } = started));

  /** A fresh page signed in as `consumer`. */
  const pageOf = async (consumer: string) => {
    const opened = await browser.newPage();
    await signInAs(opened.page, mesh, consumer);
    return opened;
  };
  const productPage = (page: Page) => page.goto(`${base}/products/${encodeURIComponent(PROFILES)}`);
  const unseen = (page: Page) => page.locator('.notifications-toggle .count');
  const emailsFor = async (consumer: string) => {
    const { body } = await postGraphQL(mesh.gateway.url, { query: EMAILS }, { authorization: await mesh.token(consumer) });
    return (body.data!.listeners.edges as { node: { email: string | null } }[]).map(({ node }) => node.email);
  };

  it('signed out, the Access section says what reading its classified fields takes, the header has no notifications, and /access asks for a sign-in', async () => {
    const { page, problems } = await browser.newPage();
    await productPage(page);
    await page.locator('.signed-out').waitFor();
    expect(await page.locator('.signed-out').textContent()).toMatch(/needs a sign-in; .+ need an access agreement too/);
    expect(await page.locator('.notifications-toggle').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Access' }).count()).toBe(0);
    await page.goto(`${base}/access`);
    await page.getByText('Sign in to see your access requests and agreements').waitFor();
    await browser.screenshot(page, 'access-signed-out');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a request without a justification shows the gateway’s refusal next to that field', async () => {
    const { page, problems } = await pageOf('charts-web');
    await productPage(page);
    await page.getByLabel('Purpose').selectOption('analytics');
    await page.getByRole('button', { name: 'Request access' }).click();
    const error = page.locator('#request-justification-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('A justification is required: tell the owner, in a sentence, what you will do with the data.');
    expect(await page.getByLabel('Justification').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Justification').getAttribute('aria-describedby')).toBe('request-justification-error');
    await browser.screenshot(page, 'access-invalid-request');
    expect(await checkAccessibility(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the analyst asks for personal data; the owner hears of it live and approves on /access; the analyst hears of that and reads the e-mails', async () => {
    const owner = await pageOf('listeners-owner');
    const analyst = await pageOf('analyst');
    await owner.page.goto(`${base}/access`);
    await owner.page.getByText('No request waits for you.').waitFor();
    await owner.page.locator('.notifications-toggle').waitFor();
    expect(await unseen(owner.page).count()).toBe(0);

    // The analyst's product page says what is held back from it, and asks.
    await productPage(analyst.page);
    const reads = analyst.page.locator('.reads');
    await reads.waitFor();
    expect(await reads.textContent()).toContain('Listener.email (masked)');
    expect(await emailsFor('analyst')).toEqual([null, null, null]);
    const personal = await analyst.page.getByLabel('Purpose').locator('option', { hasText: 'customer-support' }).textContent();
    expect(personal).toBe('customer-support (allows personal data)');
    await analyst.page.getByLabel('Purpose').selectOption('customer-support');
    await analyst.page.getByLabel('Justification').fill('Answering a listener’s ticket about their account.');
    await analyst.page.getByLabel('Days (optional)').fill('30');
    await analyst.page.getByRole('button', { name: 'Request access' }).click();
    await analyst.page.getByRole('status').filter({ hasText: 'Requested: the owners are told and decide.' }).waitFor();
    const mine = analyst.page.getByRole('table', { name: 'Your agreements on it' });
    await mine.locator('.agreement-requested').waitFor();

    // The owner's open page hears of it without a reload: the count, and the request waiting on /access.
    await unseen(owner.page).filter({ hasText: '1' }).waitFor();
    const pending = owner.page.locator('.pending-request');
    await pending.waitFor();
    expect(await pending.locator('h3').textContent()).toBe('analyst asks for listener-profiles');
    expect(await pending.locator('.purpose').textContent()).toBe('customer-support');
    expect(await pending.locator('.justification').textContent()).toBe('Answering a listener’s ticket about their account.');
    await owner.page.locator('.notifications-toggle').click();
    const told = owner.page.getByRole('region', { name: 'Your notifications' }).locator('li');
    expect(await told.count()).toBe(1);
    expect(await told.getAttribute('data-kind')).toBe('ACCESS_REQUESTED');
    expect(await told.getByRole('link').textContent()).toBe('listener-profiles');
    await browser.screenshot(owner.page, 'access-owner-pending');
    expect(await checkAccessibility(owner.page)).toEqual([]);
    await owner.page.keyboard.press('Escape');
    expect(await unseen(owner.page).count()).toBe(0);

    // Rejecting needs a reason, which the consumer reads: the gateway's refusal shows by that field.
    await pending.getByRole('button', { name: 'Reject' }).click();
    await pending.getByRole('alert').filter({ hasText: 'A reason is required to reject an access agreement' }).waitFor();
    expect(await pending.getByLabel('Reason (required to reject)').getAttribute('aria-invalid')).toBe('true');
    await pending.getByLabel('Days').fill('30');
    await pending.getByRole('button', { name: 'Approve' }).click();
    await owner.page.getByText('No request waits for you.').waitFor();
    const decided = owner.page.getByRole('table', { name: 'Decisions on the products you own' });
    expect(await decided.locator('tbody tr').first().locator('.agreement-status').textContent()).toBe('approved');

    // The analyst's page hears of the approval, shows the agreement approved, and the e-mails are served now.
    await unseen(analyst.page).filter({ hasText: '1' }).waitFor();
    await mine.locator('.agreement-approved').waitFor();
    await analyst.page.locator('.reads:not(:has-text("Listener.email"))').waitFor();
    // Nothing is left to ask for: the form is gone.
    expect(await analyst.page.getByRole('button', { name: 'Request access' }).count()).toBe(0);
    expect((await emailsFor('analyst')).every((email) => /@/.test(email ?? ''))).toBe(true);
    await analyst.page.locator('.notifications-toggle').click();
    const approval = analyst.page.getByRole('region', { name: 'Your notifications' }).locator('li[data-kind=ACCESS_APPROVED]');
    expect(await approval.locator('.notification-message').textContent()).toContain('customer-support');
    await browser.screenshot(analyst.page, 'access-analyst-approved');
    expect(await checkAccessibility(analyst.page)).toEqual([]);

    // On the product's page its owner sees who read it (the analyst, just now) and every agreement on it, which it may revoke.
    await productPage(owner.page);
    await owner.page.getByRole('table', { name: 'Recent consumers' }).locator('td', { hasText: 'analyst' }).waitFor();
    const every = owner.page.getByRole('table', { name: 'Every agreement on it' });
    expect(await every.locator('tbody tr').first().locator('td').first().textContent()).toBe('analyst');
    expect(await every.getByText('Revoke…').count()).toBe(1);
    // Its accessibility is checked on the analyst's view of this page above: the same section, with the same tables.
    await browser.screenshot(owner.page, 'access-owner-product');
    expect(owner.problems).toEqual([]);
    expect(analyst.problems).toEqual([]);
  }, 90_000);
});
