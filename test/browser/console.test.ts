/**
 * The admin console end to end in Debian's Chromium (playwright-core), against a Tessera on
 * 127.0.0.1 serving the built console: signing in through the hosted page, the pages an admin
 * uses, and signing out. Every page is checked with axe-core (no serious or critical violation)
 * and saved as a screenshot in the folder this test prints.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ensureConsoleApp } from '../../src/console/console-app.js';
import { sdkPrivateKeyClient } from '../compat/sdk-harness.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { consoleBuilt, openBrowser, signIn, visit, type Browser } from './harness.js';

const ADMIN_LOGIN = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';
const READER_LOGIN = 'rita.reader@example.com';
const READER_PASSWORD = 'Reader-Passw0rd!';
const ORG_ADMIN_LOGIN = 'olga.org@example.com';

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
  // The browser and the SDK sign with the wall clock (client assertions' iat): the server's clock
  // is set to it before each step, and stands still within one.
  beforeEach(() => t.clock.set(Date.now()));
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

  it('creates a user and assigns them a role', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await visit(browser, '02-users');
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByRole('textbox', { name: 'First name' }).fill('Rita');
    await page.getByRole('textbox', { name: 'Last name' }).fill('Reader');
    await page.getByRole('textbox', { name: 'Email' }).fill(READER_LOGIN);
    await page.getByRole('textbox', { name: 'Password' }).fill(READER_PASSWORD);
    await page.getByRole('checkbox', { name: 'Activate now' }).check();
    await visit(browser, '02-new-user');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('heading', { name: 'Rita Reader', level: 1 }).waitFor();
    await page.getByRole('combobox', { name: 'Role to assign' }).selectOption('READ_ONLY_ADMIN');
    await page.getByRole('button', { name: 'Assign role' }).click();
    await page
      .getByRole('table', { name: /Admin roles of/ })
      .getByText('READ_ONLY_ADMIN')
      .waitFor();
    await visit(browser, '02-user');
    const user = await t.store.users.getByLogin(READER_LOGIN);
    assert.equal(user?.status, 'ACTIVE');
    assert.deepEqual(await t.store.roles.roleTypesOfUser(user?.id ?? ''), ['READ_ONLY_ADMIN']);
  });

  it('shows the groups and who holds which admin role', async () => {
    const { page } = browser;
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { name: 'Groups', level: 1 }).waitFor();
    await visit(browser, '02-groups');
    const made = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Finance', description: 'Ledger people' } } });
    assert.equal(made.statusCode, 200, made.body);
    await page.goto(`${t.baseUrl}/admin/groups/${made.json<{ id: string }>().id}`);
    await page.getByRole('heading', { name: 'Finance', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Members' }).waitFor();
    await visit(browser, '02-group');
    await nav.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('table').getByRole('link', { name: 'Finance' }).waitFor();
    await nav.getByRole('link', { name: 'Admin roles' }).click();
    await page.getByRole('heading', { name: 'Admin roles', level: 1 }).waitFor();
    const holders = page.getByRole('region', { name: 'Users holding roles' });
    await holders.getByRole('link', { name: /Rita Reader/ }).waitFor();
    await visit(browser, '02-admin-roles');
  });

  it('renews an expired access token with its refresh token, without leaving the page', async () => {
    const { page } = browser;
    const refreshGrants = async () =>
      (await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 })).filter(
        (r) => r.event.eventType === 'app.oauth2.token.grant.refresh_token',
      ).length;
    const before = await refreshGrants();
    // An hour and more later (the access token lives an hour), the next call is refused once and renewed.
    t.clock.set(Date.now() + 2 * 3_600_000);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: READER_LOGIN }).waitFor();
    // The rotated refresh token is a new grant.
    assert.equal(await refreshGrants(), before + 1);
    assert.ok(page.url().startsWith(`${t.baseUrl}/admin/users`), page.url());
  });

  it('can be used with the keyboard alone: skip link, navigation, focus on the new page', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/admin/`);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate<string>('document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'main');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Network zones' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Network zones', level: 1 }).waitFor();
    assert.equal(await page.evaluate<string>('document.activeElement.id'), 'main');
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
    t.clock.set(Date.now());
    const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId, scopes: ['okta.users.read'], privateKey: jwkText, keyId: privateJwk.kid });
    const admin = await sdk.client.userApi.getUser({ userId: t.admin.user.id });
    assert.equal(admin.profile?.login, ADMIN_LOGIN);
  });

  it('creates an API token shown once, sees its use, rotates it, migrates it to a service app and revokes it', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await visit(browser, '07-api-tokens');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('billing sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('group', { name: 'API token' }).waitFor();
    await page.getByRole('button', { name: 'Copy API token' }).click();
    await page.getByText('Copied.').waitFor();
    const secret = await page.evaluate<string>('navigator.clipboard.readText()');
    assert.equal(secret, await page.getByRole('textbox', { name: 'API token' }).inputValue());
    await visit(browser, '08-api-token-created');

    // The integration uses it: the console shows the use once the node has counted it.
    const used = await fetch(`${t.baseUrl}/api/v1/users?limit=1`, { headers: { Authorization: `SSWS ${secret}`, 'User-Agent': 'billing-sync/1.0' } });
    assert.equal(used.status, 200);
    await t.app.services.meter?.flush();
    const listed = await t.request('GET', '/api/v1/api-tokens?q=billing');
    const tokenId = listed.json<{ id: string }[]>()[0]?.id ?? '';
    await page.goto(`${t.baseUrl}/admin/tokens/${tokenId}`);
    await page.getByRole('heading', { name: 'billing sync', level: 1 }).waitFor();
    const usage = page.getByRole('region', { name: 'Usage' });
    await usage.getByText('billing-sync/1.0').waitFor();
    await usage.getByText('GET /api/v1/users', { exact: true }).waitFor();
    await visit(browser, '09-api-token');

    // Rotation: a new secret now, the old one until the grace period ends.
    await page.getByRole('textbox', { name: 'Grace period' }).fill('PT1H');
    await page.getByRole('button', { name: 'Rotate' }).click();
    const rotated = await page.getByRole('textbox', { name: 'API token' }).inputValue();
    assert.notEqual(rotated, secret);
    for (const presented of [secret, rotated]) {
      const res = await fetch(`${t.baseUrl}/api/v1/users/me`, { headers: { Authorization: `SSWS ${presented}` } });
      assert.equal(res.status, 200, 'both secrets work during the grace period');
    }
    await visit(browser, '10-api-token-rotated');
    // The integration moves to the new secret (each secret is its own token, with its own usage).
    const moved = await fetch(`${t.baseUrl}/api/v1/users?limit=1`, { headers: { Authorization: `SSWS ${rotated}` } });
    assert.equal(moved.status, 200);
    await t.app.services.meter?.flush();
    await page.getByRole('link', { name: 'Open the new token' }).click();

    // The migration wizard: plan, a key made in the browser, keep the token, migrate.
    await page.getByRole('link', { name: 'Migrate to a service app' }).click();
    await page.getByRole('button', { name: 'Plan the migration' }).click();
    await visit(browser, '11-migration-plan');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Generate key pair' }).click();
    const privateJwk = JSON.parse(await page.getByRole('textbox', { name: 'Private key (JWK)' }).inputValue()) as { kid: string };
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Migrate' }).click();
    await page.getByRole('link', { name: 'Open the app' }).waitFor();
    const config = JSON.parse((await page.locator('pre.json').first().textContent()) ?? '{}') as { clientId: string; scopes: string[]; keyId: string };
    assert.equal(config.keyId, privateJwk.kid);
    assert.deepEqual(config.scopes, ['okta.users.read']);
    await visit(browser, '12-migration-done');
    // The same integration, now as the service app with the browser's key.
    t.clock.set(Date.now());
    const sdk = sdkPrivateKeyClient(t.baseUrl, {
      clientId: config.clientId,
      scopes: config.scopes,
      privateKey: JSON.stringify(privateJwk),
      keyId: privateJwk.kid,
    });
    let seen = 0;
    for await (const user of await sdk.client.userApi.listUsers({ limit: 1 })) if (user !== null && ++seen >= 1) break;
    assert.equal(seen, 1);

    // Then the token is revoked by hand: it asks once.
    await page.getByRole('link', { name: 'Back to the token' }).click();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    const after = await fetch(`${t.baseUrl}/api/v1/users/me`, { headers: { Authorization: `SSWS ${rotated}` } });
    assert.equal(after.status, 401);
  });

  it("shows the org's credential health on the overview, each credential a link", async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Overview' }).click();
    const superAdmins = page.getByRole('region', { name: 'Super admin credentials' });
    await superAdmins.getByRole('link', { name: 'admin token' }).click();
    await page.getByRole('heading', { name: 'admin token', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('region', { name: 'All credentials' }).getByRole('link', { name: 'Nightly export' }).waitFor();
    await visit(browser, '01-overview-with-credentials');
  });

  it('creates a single-page app: public, with PKCE and its redirect URIs', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('link', { name: 'New application' }).click();
    await page.getByLabel('Single-page app').check();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Team wiki');
    await page.getByRole('textbox', { name: 'Sign-in redirect URIs' }).fill('https://wiki.example.com/callback');
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('link', { name: 'Open Team wiki' }).click();
    await page.getByRole('heading', { name: 'Team wiki', level: 1 }).waitFor();
    const appId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const app = await t.request('GET', `/api/v1/apps/${appId}`);
    const body = app.json<{
      credentials: { oauthClient: { token_endpoint_auth_method: string; pkce_required: boolean } };
      settings: { oauthClient: { redirect_uris: string[] } };
    }>();
    assert.equal(body.credentials.oauthClient.token_endpoint_auth_method, 'none');
    assert.equal(body.credentials.oauthClient.pkce_required, true);
    assert.deepEqual(body.settings.oauthClient.redirect_uris, ['https://wiki.example.com/callback']);
    await visit(browser, '06-spa-app');
  });

  it('reads the System Log: what was just done, each event as its JSON', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'System Log' }).click();
    const events = page.getByRole('table', { name: 'System Log events' });
    await events.getByText('system.api_token.migrate', { exact: true }).first().waitFor();
    await page.getByLabel('Event type', { exact: true }).fill('system.api_token.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Details' }).first().click();
    const json = JSON.parse((await page.locator('pre.json').first().textContent()) ?? '{}') as { eventType: string; actor: { alternateId: string } };
    assert.equal(json.eventType, 'system.api_token.create');
    assert.equal(json.actor.alternateId, ADMIN_LOGIN);
    await visit(browser, '15-system-log');
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

  it('a read-only admin sees no action they cannot perform', async () => {
    const { page } = browser;
    await signIn(page, t.baseUrl, READER_LOGIN, READER_PASSWORD);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New user' }).count(), 0);
    await page.goto(`${t.baseUrl}/admin/users/${t.admin.user.id}`);
    await page.getByRole('heading', { name: 'admin Admin', level: 1 }).waitFor();
    for (const action of ['Deactivate', 'Suspend', 'Edit profile', 'Set password', 'Assign role', 'Clear sessions']) {
      assert.equal(await page.getByRole('button', { name: action, exact: true }).count(), 0, `${action} is shown to a read-only admin`);
    }
    await visit(browser, '13-read-only-user');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'New application' }).count(), 0);
    // Event hooks are a super admin's: not even in the navigation.
    assert.equal(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Event hooks' }).count(), 0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
  });

  it("shows the API's refusal in words when an org admin acts on a super admin", async () => {
    const { page } = browser;
    await userWithRoles(t, ORG_ADMIN_LOGIN, ['ORG_ADMIN']);
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByLabel('Username').fill(ORG_ADMIN_LOGIN);
    await page.getByLabel('Password').fill('Passw0rd-Test!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${t.baseUrl}/admin/users/${t.admin.user.id}`);
    await page.getByRole('heading', { name: 'admin Admin', level: 1 }).waitFor();
    // The endpoint allows an org admin to deactivate users; the target rule refuses this one.
    await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/holds SUPER_ADMIN: only a super administrator may deactivate this user/).waitFor();
    await visit(browser, '14-refused');
    assert.equal((await t.store.users.get(t.admin.user.id))?.status, 'ACTIVE');
  });
});
