/**
 * The admin console end to end in Debian's Chromium (playwright-core), against a Tessera on
 * 127.0.0.1 serving the built console: signing in through the hosted page, the pages an admin
 * uses, and signing out. Every page is checked with axe-core (no serious or critical violation)
 * and saved as a screenshot in the folder this test prints.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureConsoleApp } from '../../src/console/console-app.js';
import { sdkPrivateKeyClient } from '../compat/sdk-harness.js';
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

  it('creates a service app with a key made in the browser, and the Okta SDK gets a token for it', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    await visit(browser, '03-applications');
    await page.getByRole('link', { name: 'New application' }).click();
    await page.getByLabel('Service app').check();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Nightly export');
    await page.getByRole('checkbox', { name: 'okta.users.read' }).check();
    await page.getByRole('checkbox', { name: 'Read Only Administrator' }).check();
    await visit(browser, '04-new-service-app');
    await page.getByRole('button', { name: 'Create application' }).click();
    const jwkText = await page.getByRole('textbox', { name: 'Private key JWK' }).inputValue();
    const privateJwk = JSON.parse(jwkText) as { kid: string; d?: string };
    assert.ok(privateJwk.d !== undefined, 'the private key is shown once');
    await visit(browser, '05-service-app-created');
    await page.getByRole('link', { name: 'Open Nightly export' }).click();
    await page.getByRole('heading', { name: 'Nightly export', level: 1 }).waitFor();
    const clientId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    await visit(browser, '06-service-app');
    // The private key never reached the server: only the public half is registered.
    const keys = await t.request('GET', `/api/v1/apps/${clientId}/credentials/jwks`);
    assert.equal(keys.statusCode, 200, keys.body);
    assert.deepEqual(
      keys.json<{ kid: string; d?: string }[]>().map((k) => [k.kid, k.d]),
      [[privateJwk.kid, undefined]],
    );
    const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId, scopes: ['okta.users.read'], privateKey: jwkText, keyId: privateJwk.kid });
    const admin = await sdk.client.userApi.getUser({ userId: t.admin.user.id });
    assert.equal(admin.profile?.login, ADMIN_LOGIN);
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
