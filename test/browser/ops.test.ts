/**
 * The console's operations pages in Debian's Chromium: the System Log (filters, each event's JSON,
 * the live tail), network zones (the server's refusals in words) and event hooks (verify against a
 * receiver on 127.0.0.1, a delivery, its attempts); a read-only admin sees no action. axe-core
 * checks every page; screenshots go to the folder printed.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ensureConsoleApp } from '../../src/console/console-app.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { consoleBuilt, openBrowser, signIn, visit, type Browser } from './harness.js';

const ADMIN_LOGIN = 'admin@example.com';
const ADMIN_PASSWORD = 'Admin-Passw0rd!';

describe('ops pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let receiver: Server;
  let receiverPort = 0;
  const pageErrors: Error[] = [];
  const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  before(async () => {
    t = await startTestApp('sqlite', { listen: true });
    consoleBuilt(t.config.consoleDir);
    await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: t.config.orgUrl });
    browser = await openBrowser();
    console.log(`console screenshots: ${browser.shots}`);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'GET') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ verification: req.headers['x-okta-verification-challenge'] }));
          return;
        }
        received.push({ headers: req.headers, body });
        res.statusCode = 200;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    receiverPort = typeof address === 'object' && address !== null ? address.port : 0;
    browser.page.on('pageerror', (e) => pageErrors.push(e));
  });
  // The browser runs on the wall clock: the server's clock is set to it before each step.
  beforeEach(() => t.clock.set(Date.now()));
  after(async () => {
    assert.deepEqual(pageErrors, [], 'the pages threw');
    await browser?.close();
    await t?.close();
    receiver?.close();
  });

  it('system log: rows, JSON, filters, empty state', async () => {
    const { page } = browser;
    await signIn(page, t.baseUrl, ADMIN_LOGIN, ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'System Log' }).click();
    await page.getByRole('heading', { name: 'System Log', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'System Log events' }).waitFor();
    const details = page.getByRole('button', { name: 'Details' }).first();
    assert.equal(await details.getAttribute('aria-expanded'), 'false');
    await details.click();
    assert.equal(await details.getAttribute('aria-expanded'), 'true');
    const json = await page.locator('pre.json').first().textContent();
    assert.ok(json?.includes('"eventType"'), json ?? '');
    await visit(browser, 'logs-01');
    await page.getByLabel('Event type').fill('zone.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No events match these filters').waitFor();
    await visit(browser, 'logs-02-empty');
    await page.getByLabel('Event type').fill('user.session');
    await page.getByLabel('Actor').fill(ADMIN_LOGIN);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Actor: the user admin@example.com').waitFor();
    await page.getByRole('table', { name: 'System Log events' }).getByText('user.session.start').first().waitFor();
    await page.getByLabel('Outcome').selectOption('FAILURE');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No events match these filters').waitFor();
    // A bad time range is said in words.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Since').fill('2030-01-01T10:00');
    await page.getByLabel('Until').fill('2029-01-01T10:00');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Since must not be later than Until.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('table', { name: 'System Log events' }).waitFor();
  });

  it('system log: live tail prepends new events and keeps expanded rows', async () => {
    const { page } = browser;
    const first = page.getByRole('button', { name: 'Details' }).first();
    if ((await first.getAttribute('aria-expanded')) !== 'true') await first.click();
    const before = await page.getByRole('button', { name: 'Details', expanded: true }).count();
    assert.equal(before, 1);
    await page.getByLabel('Live tail').check();
    await page.getByText(/Live tail on/).waitFor();
    const created = await t.request('POST', '/api/v1/zones', { body: { type: 'IP', name: 'Tail zone', gateways: [{ type: 'CIDR', value: '10.1.0.0/16' }] } });
    assert.equal(created.statusCode, 200, created.body);
    await page.getByRole('table', { name: 'System Log events' }).getByText('zone.create').waitFor({ timeout: 12_000 });
    await page.getByText(/Live tail on: \d+ new event/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Details', expanded: true }).count(), 1);
    // the first row is the new one
    const firstType = await page.getByRole('table', { name: 'System Log events' }).locator('tbody tr').first().locator('td').nth(1).textContent();
    assert.equal(firstType, 'zone.create');
    await visit(browser, 'logs-03-tail');
    await page.getByLabel('Live tail').uncheck();
    await t.request('DELETE', `/api/v1/zones/${created.json<{ id: string }>().id}`); // refused: active
  });

  it('zones: create with a bad gateway, the server says why; deactivate, edit, delete', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Network zones' }).click();
    await page.getByRole('heading', { name: 'Network zones', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Network zones' }).getByRole('link', { name: 'Tail zone' }).waitFor();
    await visit(browser, 'zones-01');
    await page.getByRole('button', { name: 'New zone' }).click();
    await page.getByLabel('Name').fill('Office');
    await page.getByLabel('Gateways').fill('10.0.0.0/33\nnot an address');
    await page.getByRole('button', { name: 'Create zone' }).click();
    await page.getByText('Gateways, line 2').waitFor();
    await page.getByLabel('Gateways').fill('10.0.0.0/33\n192.168.1.1-192.168.1.9');
    await page.getByRole('button', { name: 'Create zone' }).click();
    await page
      .getByRole('alert')
      .getByText(/gateways\[0\]\.value/)
      .waitFor();
    await visit(browser, 'zones-02-refused');
    await page.getByLabel('Gateways').fill('10.0.0.0/8\n192.168.1.1-192.168.1.9\n2001:db8::1');
    await page.getByLabel('Proxies').fill('172.16.0.1');
    await page.getByRole('button', { name: 'Create zone' }).click();
    await page.getByRole('heading', { name: 'Office', level: 1 }).waitFor();
    await page.getByRole('table', { name: 'Gateways' }).getByText('192.168.1.1-192.168.1.9').waitFor();
    await visit(browser, 'zones-03-zone');
    // Delete an active zone: the server refuses, in words.
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await visit(browser, 'zones-03b-dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete zone' }).click();
    await page
      .getByRole('alert')
      .getByText(/is an active zone/)
      .first()
      .waitFor();
    await visit(browser, 'zones-04-delete-refused');
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('The zone is inactive.').waitFor();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Name').fill('Head office');
    await page.getByLabel('Usage').selectOption('BLOCKLIST');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Head office', level: 1 }).waitFor();
    await visit(browser, 'zones-05-edited');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete zone' }).click();
    await page.getByRole('heading', { name: 'Network zones', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Head office' }).count(), 0);
  });

  it('a zone in use cannot be deactivated: the server says which token names it', async () => {
    const { page } = browser;
    const zones = await t.request('GET', '/api/v1/zones');
    const zone = zones.json<{ id: string; name: string }[]>().find((z) => z.name === 'Tail zone');
    assert.ok(zone);
    const put = await t.request('PUT', `/api/v1/api-tokens/${t.admin.tokenId ?? ''}`, {
      body: { name: 'admin token', network: { connection: 'ZONE', exclude: [zone.id] } },
    });
    assert.equal(put.statusCode, 200, put.body);
    await page.goto(`${t.baseUrl}/admin/zones/${zone.id}`);
    await page.getByRole('heading', { name: 'Tail zone', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    if (put.statusCode === 200)
      await page
        .getByRole('alert')
        .getByText(/used by/)
        .first()
        .waitFor();
    await visit(browser, 'zones-06-in-use');
  });

  it('event hooks: create, verify, deliveries, deactivate, delete', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Event hooks' }).click();
    await page.getByRole('heading', { name: 'Event hooks', level: 1 }).waitFor();
    await page.getByText('No event hooks yet').waitFor();
    await visit(browser, 'hooks-01-empty');
    await page.getByRole('button', { name: 'New event hook' }).click();
    await page.getByLabel('Name').fill('Audit sink');
    await page.getByLabel('URI').fill('http://example.com/hook');
    await page.getByRole('checkbox', { name: 'user.lifecycle.create' }).check();
    await page.getByLabel('Auth header key').fill('Authorization');
    await page.getByLabel('Auth header value').fill('Bearer s3cret-value');
    await page.getByLabel('Other headers').fill('X-Source: tessera');
    await visit(browser, 'hooks-02-new');
    await page.getByRole('button', { name: 'Create event hook' }).click();
    await page
      .getByRole('alert')
      .getByText(/channel\.config\.uri/)
      .first()
      .waitFor();
    await page.getByLabel('URI').fill(`http://127.0.0.1:${receiverPort}/hook`);
    await page.getByRole('button', { name: 'Create event hook' }).click();
    await page.getByRole('heading', { name: 'Audit sink', level: 1 }).waitFor();
    assert.equal(await page.getByText('s3cret-value').count(), 0);
    await visit(browser, 'hooks-03-hook');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText(/Verified: the receiver/).waitFor();
    await visit(browser, 'hooks-04-verified');
    const made = await t.request('POST', '/api/v1/users?activate=false', {
      body: { profile: { login: 'hooked@example.com', email: 'hooked@example.com', firstName: 'Hoo', lastName: 'Ked' } },
    });
    assert.equal(made.statusCode, 200, made.body);
    // One tick of the node's delivery worker (it also runs on its own timer while the server listens).
    await t.app.services.eventHooks.worker.runOnce();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.headers['authorization'], 'Bearer s3cret-value');
    await page.getByRole('button', { name: 'Refresh deliveries' }).click();
    await page.getByRole('table', { name: 'Deliveries' }).getByText('DELIVERED').waitFor();
    await page.getByText('1 attempt').click();
    await visit(browser, 'hooks-05-deliveries');
    // Edit keeps the secret.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description').fill('Everything about users');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The hook is saved.').waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete event hook' }).click();
    await page
      .getByRole('alert')
      .getByText(/Only INACTIVE event hooks can be deleted/)
      .waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete event hook' }).click();
    await page.getByRole('heading', { name: 'Event hooks', level: 1 }).waitFor();
    await page.getByText('No event hooks yet').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
  });

  it('a read-only admin sees no zone action, and no hooks', async () => {
    const { page } = browser;
    await userWithRoles(t, 'rita@example.com', ['READ_ONLY_ADMIN']);
    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.getByLabel('Username').fill('rita@example.com');
    await page.getByLabel('Password').fill('Passw0rd-Test!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Network zones' }).click();
    await page.getByRole('heading', { name: 'Network zones', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Tail zone' }).click();
    await page.getByRole('heading', { name: 'Tail zone', level: 1 }).waitFor();
    for (const name of ['Edit', 'Deactivate', 'Activate', 'Delete', 'New zone'])
      assert.equal(await page.getByRole('button', { name, exact: true }).count(), 0, name);
    await visit(browser, 'ro-zone');
    assert.equal(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Event hooks' }).count(), 0);
    await page.goto(`${t.baseUrl}/admin/hooks`);
    await page.getByRole('alert').waitFor();
    await visit(browser, 'ro-hooks');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'System Log' }).click();
    await page.getByRole('table', { name: 'System Log events' }).waitFor();
    await visit(browser, 'ro-logs');
  });
});
