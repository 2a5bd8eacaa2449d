/**
 * The admin console end to end in Debian's Chromium (playwright-core), against a Tessera on
 * 127.0.0.1 serving the built console: signing in through the hosted page, the pages an admin
 * uses, and signing out. Every page is checked with axe-core (no serious or critical violation)
 * and saved as a screenshot in the folder this test prints.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureConsoleApp } from '../../src/console/console-app.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { consoleBuilt, openBrowser, signIn, visit, type Browser } from './harness.js';

const ADMIN_LOGIN = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';

describe('admin console in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  before(async () => {
    t = await startTestApp('sqlite', { listen: true });
    consoleBuilt(t.config.consoleDir);
    await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: t.config.orgUrl });
    browser = await openBrowser();
    console.log(`console screenshots: ${browser.shots}`);
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in through the hosted page and shows the overview', async () => {
    const { page } = browser;
    await signIn(page, t.baseUrl, ADMIN_LOGIN, ADMIN_PASSWORD);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    assert.ok(page.url().startsWith(`${t.baseUrl}/admin/`), page.url());
    await visit(browser, '01-overview');
  });

  it('signs out through RP-initiated logout, and the Tessera session ends too', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    await visit(browser, '99-signed-out');
    await page.getByRole('button', { name: 'Sign in again' }).click();
    // The browser session is gone: the hosted page asks again.
    await page.getByLabel('Username').waitFor();
  });
});
