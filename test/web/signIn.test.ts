import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CONSUMERS } from '../../demo/index.ts';
import { claimsOf, issueToken } from '../../governance/identity/index.ts';
import { checkAccessibility, HAS_CHROMIUM, signInAs, warnWithoutChromium, type TestBrowser } from '../support/browser.ts';
import { useBrowserMesh } from '../support/browserMesh.ts';
import { startGovernedMesh, type GovernedMesh } from '../support/governedMesh.ts';
import { SMALL_TEST_DATA } from '../support/mesh.ts';

warnWithoutChromium('the web catalog sign-in tests (demo picker, pasted token, sign-out)');

/** The session the page keeps, or null when signed out. */
const kept = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('meshgraph.session') ?? 'null') as { consumer: string } | null);

/** A token of the right shape for analyst, signed by a key this mesh does not know (another mesh's). */
async function foreignToken(): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  return issueToken(claimsOf(DEMO_CONSUMERS['analyst']!), { key: privateKey, kid: 'another-mesh', alg: 'EdDSA' }, { ttlSeconds: 600 });
}

describe.skipIf(!HAS_CHROMIUM)('signing in to the web catalog, in a browser, on a governed mesh', () => {
  let mesh: GovernedMesh;
  let browser: TestBrowser;
  let base: string;

  useBrowserMesh(() => startGovernedMesh({ data: SMALL_TEST_DATA }), (started) => void ({ mesh, browser, base } = started));

  it('a newcomer opens "Sign in", picks analyst from the demo consumers, and the header says who the gateway takes them for', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    const analyst = dialog.getByRole('button', { name: 'Sign in as analyst' });
    await analyst.waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(Object.keys(DEMO_CONSUMERS).length);
    expect(await analyst.getAttribute('aria-describedby').then((id) => page.locator(`#${id}`).textContent())).toBe("A person in the insights team, EU; reads listeners' personal data only with an approved agreement.");
    await browser.screenshot(page, 'sign-in-picker');
    expect(await checkAccessibility(page)).toEqual([]);

    await analyst.click();
    // The team comes from the gateway's `me`, which an anonymous viewer does not have.
    await page.getByRole('status').filter({ hasText: 'Signed in as analyst (person, team insights)' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await dialog.count()).toBe(0);
    expect(await kept(page)).toMatchObject({ consumer: 'analyst' });
    await browser.screenshot(page, 'sign-in-analyst');
    expect(problems).toEqual([]);
  });

  it('a pasted token that is not one, or that the gateway refuses, is told and leaves the viewer signed out; a good one signs in', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const field = page.getByLabel('Paste a bearer token');
    const submit = page.getByRole('button', { name: 'Sign in with this token' });

    await field.fill('not-a-token');
    await submit.click();
    const error = page.locator('#sign-in-token-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('That is not a token: a JWT has three parts separated by dots.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await kept(page)).toBeNull();
    expect(await checkAccessibility(page)).toEqual([]);

    await field.fill(`Bearer ${await foreignToken()}`);
    await submit.click();
    await page.waitForFunction(() => document.querySelector('#sign-in-token-error')?.textContent?.startsWith('The gateway refused this token: The credentials are not valid.'));
    expect(await kept(page)).toBeNull();
    await browser.screenshot(page, 'sign-in-refused');

    await field.fill(await mesh.token('podcasts-owner'));
    await submit.click();
    await page.getByRole('status').filter({ hasText: 'Signed in as podcasts-owner (person, team podcasts, owns podcasts)' }).waitFor();
    expect(await kept(page)).toMatchObject({ consumer: 'podcasts-owner' });
    // The 401 the gateway answered the foreign token is the one console error Chromium reports (a failed fetch).
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });

  it('signed in, "Sign out" forgets the token and hands the focus back to "Sign in"', async () => {
    const { page, problems } = await browser.newPage();
    await signInAs(page, mesh, 'charts-web');
    await page.goto(`${base}/`);
    await page.getByRole('status').filter({ hasText: 'Signed in as charts-web (application, team insights)' }).waitFor();
    expect(await checkAccessibility(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
    await signIn.waitFor();
    expect(await signIn.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await kept(page)).toBeNull();
    await page.reload();
    await signIn.waitFor();
    expect(problems).toEqual([]);
  });

  it('the keyboard opens the dialog, which takes the focus, and Escape closes it back to its button', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${base}/`);
    const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
    await signIn.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.waitFor();
    expect(await signIn.getAttribute('aria-expanded')).toBe('true');
    expect(await dialog.evaluate((panel) => panel === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign in as analyst');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await signIn.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await signIn.getAttribute('aria-expanded')).toBe('false');
    expect(problems).toEqual([]);
  });

  it('a token that expires while the page is open ends the session then, saying so', async () => {
    const { page, problems } = await browser.newPage();
    await page.clock.install();
    await signInAs(page, mesh, 'analyst');
    await page.goto(`${base}/`);
    await page.getByRole('status').filter({ hasText: 'Signed in as analyst (person, team insights)' }).waitFor();
    await page.clock.fastForward('08:00:00');
    await page.getByRole('alert').filter({ hasText: 'Your token expired: sign in again.' }).waitFor();
    expect(await kept(page)).toBeNull();
    expect(problems).toEqual([]);
  });

  it('a kept token the gateway no longer takes is not shown as a sign-in: the viewer is told and signed out', async () => {
    const { page, problems } = await browser.newPage();
    const session = JSON.stringify({ token: await foreignToken(), consumer: 'analyst', expiresAt: Date.now() + 600_000 });
    await page.addInitScript(([key, value]) => sessionStorage.getItem('once') ?? (sessionStorage.setItem('once', '1'), localStorage.setItem(key!, value!)), ['meshgraph.session', session]);
    await page.goto(`${base}/`);
    await page.getByRole('alert').filter({ hasText: 'Your token was refused: sign in again.' }).waitFor();
    expect(await kept(page)).toBeNull();
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await page.getByRole('dialog').locator('.sign-in-error').first().textContent()).toMatch(/^analyst's token no longer works\. The gateway refused this token: The credentials are not valid\./);
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });
});
