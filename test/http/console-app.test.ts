/**
 * The admin console's OIDC client on SQLite and PostgreSQL: made at start in the Apps API's shape
 * (a public browser client with PKCE, rotating refresh tokens, every okta.* scope granted) with
 * its System Log events; a second start, or several nodes starting together, make nothing twice;
 * a new org URL moves its redirect URIs and a revoked grant comes back. And the flow the console
 * runs: the hosted sign-in page, /authorize with PKCE, the code, the token, the Management API
 * with it, the refresh (rotated); any user gets a token, but only an admin's opens anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { OKTA_SCOPES } from '../../src/auth/scopes.js';
import { bootstrap } from '../../src/bootstrap.js';
import { CONSOLE_APP_NAME, CONSOLE_SCOPES, ensureConsoleApp, type ConsoleAppResult } from '../../src/console/console-app.js';
import type { AppRecord } from '../../src/store/oauth-records.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from '../oauth/oauth-fixtures.js';
import { getAuthorize, newPkce, redirectParams, sessionCookie, tokenRequest, type Pkce, type TokenBody, type WebApp } from '../oauth/user-context-fixtures.js';
import { eventsOfType } from './roles.fixtures.js';

const ORG_URL = 'https://tessera.example.com';
const CALLBACK = `${ORG_URL}/admin/callback`;
const USER_PASSWORD = 'Passw0rd-Test!';

interface AppJson {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly status: string;
  readonly credentials: { readonly oauthClient: Record<string, unknown> };
  readonly settings: { readonly oauthClient: Record<string, unknown> };
}

function ensure(t: TestApp, orgUrl = ORG_URL): Promise<ConsoleAppResult> {
  return ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl });
}

async function consoleApps(t: TestApp): Promise<AppJson[]> {
  const res = await t.request('GET', `/api/v1/apps?filter=${encodeURIComponent(`name eq "${CONSOLE_APP_NAME}"`)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<AppJson[]>();
}

async function grantedScopes(t: TestApp, appId: string): Promise<string[]> {
  const res = await t.request('GET', `/api/v1/apps/${appId}/grants`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ scopeId: string }[]>().map((g) => g.scopeId);
}

const client = (app: AppRecord): WebApp => ({ app, clientId: app.id, secret: undefined });

/** The console's sign-in as a browser runs it: /authorize, the hosted sign-in page, back to /authorize, the code at the callback. */
async function signInThroughConsole(t: TestApp, app: AppRecord, login: string, password: string): Promise<{ code: string; pkce: Pkce }> {
  const pkce = newPkce();
  const query = new URLSearchParams({
    client_id: app.id,
    response_type: 'code',
    redirect_uri: CALLBACK,
    scope: CONSOLE_SCOPES.join(' '),
    state: 'console-state',
    nonce: 'console-nonce',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
  });
  const start = await getAuthorize(t, `/oauth2/v1/authorize?${query.toString()}`);
  assert.equal(start.statusCode, 302, start.body);
  const loginUrl = new URL(String(start.headers['location']));
  assert.equal(loginUrl.origin + loginUrl.pathname, `${ORG_URL}/login`);
  const page = await t.app.fastify.inject({ method: 'GET', url: loginUrl.pathname + loginUrl.search });
  assert.equal(page.statusCode, 200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const preSession = String(page.headers['set-cookie']).split(';')[0] ?? '';
  const posted = await t.app.fastify.inject({
    method: 'POST',
    url: '/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: preSession },
    payload: new URLSearchParams({ username: login, password, csrf, fromURI: loginUrl.searchParams.get('fromURI') ?? '' }).toString(),
  });
  assert.equal(posted.statusCode, 303, posted.body);
  const back = await getAuthorize(t, String(posted.headers['location']), sessionCookie(posted));
  assert.ok(String(back.headers['location']).startsWith(CALLBACK + '?'), String(back.headers['location']));
  const params = redirectParams(back);
  assert.equal(params.get('state'), 'console-state');
  const code = params.get('code');
  assert.ok(code !== null);
  return { code, pkce };
}

async function consoleTokens(t: TestApp, app: AppRecord, login: string, password: string): Promise<TokenBody> {
  const { code, pkce } = await signInThroughConsole(t, app, login, password);
  const res = await tokenRequest(t, client(app), { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: pkce.verifier });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<TokenBody>();
}

for (const kind of await storeKinds()) {
  describe(`the admin console's app (${kind})`, () => {
    let t: TestApp;
    let consoleApp: AppRecord;
    before(async () => {
      t = await startTestApp(kind, { config: { ...OAUTH_TEST_CONFIG, orgUrl: ORG_URL } });
    });
    after(() => t.close());

    it('is made at start: a public browser client with PKCE and rotation, redirecting under the org URL, granted every okta.* scope', async () => {
      const result = await bootstrap(t.app.services, { tokenWindow: t.config.tokenWindow, orgUrl: ORG_URL, admin: undefined });
      assert.equal(result.consoleApp.created, true);
      assert.deepEqual(result.consoleApp.grantsAdded, OKTA_SCOPES);
      consoleApp = result.consoleApp.app;
      const [app, ...others] = await consoleApps(t);
      assert.equal(others.length, 0);
      assert.ok(app !== undefined);
      assert.equal(app.id, consoleApp.id);
      assert.equal(app.name, 'tessera_admin_console');
      assert.equal(app.label, 'Tessera Admin Console');
      assert.equal(app.status, 'ACTIVE');
      assert.equal(app.credentials.oauthClient['token_endpoint_auth_method'], 'none');
      assert.equal(app.credentials.oauthClient['pkce_required'], true);
      assert.equal(app.settings.oauthClient['application_type'], 'browser');
      assert.deepEqual(app.settings.oauthClient['grant_types'], ['authorization_code', 'refresh_token']);
      assert.deepEqual(app.settings.oauthClient['response_types'], ['code']);
      assert.deepEqual(app.settings.oauthClient['redirect_uris'], [CALLBACK]);
      assert.deepEqual(app.settings.oauthClient['post_logout_redirect_uris'], [`${ORG_URL}/admin/`]);
      assert.deepEqual(app.settings.oauthClient['refresh_token'], { rotation_type: 'ROTATE', leeway: 30 });
      assert.deepEqual((await grantedScopes(t, app.id)).sort(), [...OKTA_SCOPES].sort());
      assert.deepEqual(await t.store.apps.listSecrets(app.id), [], 'a public client has no secret');
      const created = await eventsOfType(t, 'application.lifecycle.create');
      assert.deepEqual(
        created.map((e) => [e.actor.type, e.target[0]?.id]),
        [['SystemPrincipal', app.id]],
      );
      assert.equal((await eventsOfType(t, 'app.oauth2.admin.consent.grant')).length, OKTA_SCOPES.length);
    });

    it('a second start makes and writes nothing', async () => {
      const events = (await eventsOfType(t, 'application.lifecycle.create')).length + (await eventsOfType(t, 'application.lifecycle.update')).length;
      const again = await ensure(t);
      assert.deepEqual([again.created, again.updated, again.grantsAdded], [false, false, []]);
      assert.deepEqual(again.app, consoleApp);
      assert.equal((await eventsOfType(t, 'application.lifecycle.create')).length + (await eventsOfType(t, 'application.lifecycle.update')).length, events);
      assert.equal((await consoleApps(t)).length, 1);
    });

    it('a new org URL moves the redirect URIs; a revoked grant comes back; what a super admin chose stays', async () => {
      const grant = (await t.store.apps.listGrants(consoleApp.id)).find((g) => g.scopeId === 'okta.logs.read');
      assert.ok(grant !== undefined);
      await t.store.apps.deleteGrant(consoleApp.id, grant.id);
      await t.store.apps.update(consoleApp.id, (a) => ({
        ...a,
        label: 'Our console',
        oauthClient: { ...a.oauthClient, grant_types: ['authorization_code'], refresh_token: { rotation_type: 'STATIC', leeway: 10, lifetime_minutes: 600 } },
      }));
      const moved = await ensure(t, 'https://id.example.org');
      assert.deepEqual([moved.created, moved.updated, moved.grantsAdded], [false, true, ['okta.logs.read']]);
      const [app] = await consoleApps(t);
      assert.equal(app?.label, 'Our console');
      assert.deepEqual(app?.settings.oauthClient['redirect_uris'], ['https://id.example.org/admin/callback']);
      assert.deepEqual(app?.settings.oauthClient['post_logout_redirect_uris'], ['https://id.example.org/admin/']);
      assert.deepEqual(app?.settings.oauthClient['grant_types'], ['authorization_code', 'refresh_token']);
      assert.deepEqual(app?.settings.oauthClient['refresh_token'], { rotation_type: 'ROTATE', leeway: 10, lifetime_minutes: 600 });
      assert.equal((await eventsOfType(t, 'application.lifecycle.update')).at(-1)?.target[0]?.id, consoleApp.id);
      const back = await ensure(t);
      assert.equal(back.updated, true);
      assert.deepEqual(back.app.oauthClient['redirect_uris'], [CALLBACK]);
      consoleApp = back.app;
    });

    it('nodes starting together on an empty database make one app, granted each scope once', async () => {
      assert.equal(await t.store.apps.delete(consoleApp.id), true);
      const results = await Promise.all(Array.from({ length: 6 }, () => ensure(t)));
      assert.equal(results.filter((r) => r.created).length, 1);
      const ids = new Set(results.map((r) => r.app.id));
      assert.equal(ids.size, 1);
      const [app, ...others] = await consoleApps(t);
      assert.equal(others.length, 0);
      assert.ok(app !== undefined);
      assert.deepEqual((await grantedScopes(t, app.id)).sort(), [...OKTA_SCOPES].sort());
      const made = await t.store.apps.get(app.id);
      assert.ok(made !== undefined);
      consoleApp = made;
    });

    it("an administrator signs in through the hosted page with PKCE; the token carries the console's scopes and works on /api/v1; the refresh rotates", async () => {
      const tokens = await consoleTokens(t, consoleApp, 'admin@example.com', 'Admin-Passw0rd!');
      assert.equal(tokens.token_type, 'Bearer');
      assert.deepEqual(tokens.scope.split(' ').sort(), [...CONSOLE_SCOPES].sort());
      const claims = decodeJwt(tokens.access_token);
      assert.equal(claims['cid'], consoleApp.id);
      assert.equal(claims.sub, 'admin@example.com');
      assert.equal(decodeJwt(tokens.id_token ?? '').aud, consoleApp.id);
      const users = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${tokens.access_token}` });
      assert.equal(users.statusCode, 200, users.body);
      const refreshToken = tokens.refresh_token;
      assert.ok(refreshToken !== undefined);
      const refreshed = await tokenRequest(t, client(consoleApp), { grant_type: 'refresh_token', refresh_token: refreshToken });
      assert.equal(refreshed.statusCode, 200, refreshed.body);
      const next = refreshed.json<TokenBody>();
      assert.ok(next.refresh_token !== undefined && next.refresh_token !== refreshToken, 'the refresh token rotates');
      const logs = await t.request('GET', '/api/v1/logs', { authorization: `Bearer ${next.access_token}` });
      assert.equal(logs.statusCode, 200, logs.body);
    });

    it('refuses a code exchange without the PKCE verifier, and an authorize request to another redirect URI', async () => {
      const { code } = await signInThroughConsole(t, consoleApp, 'admin@example.com', 'Admin-Passw0rd!');
      const res = await tokenRequest(t, client(consoleApp), { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
      assert.equal(res.statusCode, 400, res.body);
      const elsewhere = await getAuthorize(
        t,
        `/oauth2/v1/authorize?${new URLSearchParams({ client_id: consoleApp.id, response_type: 'code', redirect_uri: 'https://attacker.example/admin/callback', scope: 'openid', state: 's', code_challenge: newPkce().challenge, code_challenge_method: 'S256' }).toString()}`,
      );
      assert.equal(elsewhere.statusCode, 400, 'never redirected to an unregistered URI');
    });

    it('any active user gets a token without being assigned to the app, but only their admin roles open anything', async () => {
      await userWithRoles(t, 'plain@example.com', []);
      await userWithRoles(t, 'helpdesk@example.com', ['HELP_DESK_ADMIN']);
      const plain = await consoleTokens(t, consoleApp, 'plain@example.com', USER_PASSWORD);
      const forbidden = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${plain.access_token}` });
      assert.equal(forbidden.statusCode, 403, forbidden.body);
      const helpDesk = await consoleTokens(t, consoleApp, 'helpdesk@example.com', USER_PASSWORD);
      assert.equal((await t.request('GET', '/api/v1/users', { authorization: `Bearer ${helpDesk.access_token}` })).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/logs', { authorization: `Bearer ${helpDesk.access_token}` })).statusCode, 403);
    });
  });
}
