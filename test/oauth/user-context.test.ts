/**
 * User-context access tokens on the Management API and on /userinfo: effective rights are the
 * token's scopes ∩ the user's current admin roles, read on every request; deactivation and
 * suspension end the token at once (401), a removed role on the next request (403 E0000006).
 * Also introspection of a user token and RP-initiated logout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import {
  LOGOUT_URI,
  authorizeCode,
  authorizeUrl,
  createWebApp,
  getAuthorize,
  redeemCode,
  userTokens,
  type TokenBody,
  type WebApp,
} from './user-context-fixtures.js';

const newUser = (n: number) => ({ profile: { login: `new${n}@example.com`, email: `new${n}@example.com`, firstName: 'New', lastName: 'User' } });

for (const kind of await storeKinds()) {
  describe(`user-context tokens on the Management API (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createWebApp(t, { scopes: ['okta.users.read', 'okta.users.manage', 'okta.groups.read'] });
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST', url: string, token: string, body?: unknown) =>
      t.request(method, url, { authorization: `Bearer ${token}`, ...(body !== undefined ? { body } : {}) });

    it('allows what both the scopes and the roles allow, and refuses what either lacks', async () => {
      const admin = await userWithRoles(t, 'ua@example.com', ['USER_ADMIN']);
      const read = (await userTokens(t, client, 'ua@example.com', 'openid okta.users.read')).access_token;
      assert.equal((await call('GET', '/api/v1/users', read)).statusCode, 200);
      assert.equal((await call('GET', `/api/v1/users/${admin.user.id}`, read)).statusCode, 200);
      // Outside the scopes: 403 insufficient_scope (the role would allow it).
      const create = await call('POST', '/api/v1/users', read, newUser(1));
      assert.equal(create.statusCode, 403);
      assert.match(String(create.headers['www-authenticate']), /error="insufficient_scope"/);
      assert.equal((await call('GET', '/api/v1/groups', read)).statusCode, 403);

      const manage = (await userTokens(t, client, 'ua@example.com', 'okta.users.manage')).access_token;
      assert.equal((await call('POST', '/api/v1/users', manage, newUser(2))).statusCode, 200);

      // Outside the roles: a READ_ONLY_ADMIN holding okta.users.manage still cannot create users.
      await userWithRoles(t, 'ro@example.com', ['READ_ONLY_ADMIN']);
      const readOnly = (await userTokens(t, client, 'ro@example.com', 'okta.users.manage okta.groups.read')).access_token;
      assert.equal((await call('GET', '/api/v1/users', readOnly)).statusCode, 200);
      assert.equal((await call('GET', '/api/v1/groups', readOnly)).statusCode, 200);
      const refused = await call('POST', '/api/v1/users', readOnly, newUser(3));
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().errorCode, 'E0000006');

      // A user with no admin role gets nothing, whatever the scopes.
      await userWithRoles(t, 'plain@example.com', []);
      const plain = (await userTokens(t, client, 'plain@example.com', 'okta.users.read')).access_token;
      assert.equal((await call('GET', '/api/v1/users', plain)).json().errorCode, 'E0000006');
    });

    it('refuses the token from the next request after a role removal (403 E0000006)', async () => {
      const user = await userWithRoles(t, 'rr@example.com', ['USER_ADMIN']);
      const token = (await userTokens(t, client, 'rr@example.com', 'okta.users.read')).access_token;
      assert.equal((await call('GET', '/api/v1/users', token)).statusCode, 200);
      const roles = (await t.request('GET', `/api/v1/users/${user.user.id}/roles`)).json<Array<{ id: string }>>();
      for (const role of roles) assert.equal((await t.request('DELETE', `/api/v1/users/${user.user.id}/roles/${role.id}`)).statusCode, 204);
      const after = await call('GET', '/api/v1/users', token);
      assert.equal(after.statusCode, 403);
      assert.equal(after.json().errorCode, 'E0000006');
    });

    it('refuses the token of a deactivated or suspended user at once (401 E0000011)', async () => {
      const gone = await userWithRoles(t, 'gone@example.com', ['USER_ADMIN']);
      const token = (await userTokens(t, client, 'gone@example.com', 'okta.users.read')).access_token;
      assert.equal((await call('GET', '/api/v1/users', token)).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/users/${gone.user.id}/lifecycle/deactivate`)).statusCode, 200);
      const after = await call('GET', '/api/v1/users', token);
      assert.equal(after.statusCode, 401);
      assert.equal(after.json().errorCode, 'E0000011');

      const paused = await userWithRoles(t, 'paused@example.com', ['USER_ADMIN']);
      const pausedToken = (await userTokens(t, client, 'paused@example.com', 'okta.users.read')).access_token;
      assert.equal((await t.request('POST', `/api/v1/users/${paused.user.id}/lifecycle/suspend`)).statusCode, 200);
      assert.equal((await call('GET', '/api/v1/users', pausedToken)).statusCode, 401);
    });

    it('serves /userinfo by scope, with 401 and 403 challenges', async () => {
      const user = await userWithRoles(t, 'info@example.com', []);
      const full = await userTokens(t, client, 'info@example.com', 'openid profile email');
      const res = await call('GET', '/oauth2/v1/userinfo', full.access_token);
      assert.equal(res.statusCode, 200, res.body);
      const claims = res.json<Record<string, unknown>>();
      assert.equal(claims['sub'], user.user.id);
      assert.equal(claims['name'], 'Test User');
      assert.equal(claims['given_name'], 'Test');
      assert.equal(claims['family_name'], 'User');
      assert.equal(claims['preferred_username'], 'info@example.com');
      assert.equal(claims['email'], 'info@example.com');
      assert.equal(claims['email_verified'], true);
      assert.equal(typeof claims['updated_at'], 'number');
      const post = await t.app.fastify.inject({ method: 'POST', url: '/oauth2/v1/userinfo', headers: { authorization: `Bearer ${full.access_token}` } });
      assert.equal(post.json().sub, user.user.id);

      const openidOnly = (await userTokens(t, client, 'info@example.com', 'openid')).access_token;
      assert.deepEqual((await call('GET', '/oauth2/v1/userinfo', openidOnly)).json(), { sub: user.user.id });
      const emailOnly = (await userTokens(t, client, 'info@example.com', 'openid email')).access_token;
      assert.deepEqual(Object.keys((await call('GET', '/oauth2/v1/userinfo', emailOnly)).json()).sort(), ['email', 'email_verified', 'sub']);

      await userWithRoles(t, 'noid@example.com', ['READ_ONLY_ADMIN']);
      const noOpenid = (await userTokens(t, client, 'noid@example.com', 'okta.users.read')).access_token;
      const forbidden = await call('GET', '/oauth2/v1/userinfo', noOpenid);
      assert.equal(forbidden.statusCode, 403);
      assert.match(String(forbidden.headers['www-authenticate']), /^Bearer .*error="insufficient_scope"/);
      const bad = await t.app.fastify.inject({ method: 'GET', url: '/oauth2/v1/userinfo', headers: { authorization: 'Bearer nope' } });
      assert.equal(bad.statusCode, 401);
      assert.match(String(bad.headers['www-authenticate']), /error="invalid_token", error_description="The access token is invalid."/);
      const none = await t.app.fastify.inject({ method: 'GET', url: '/oauth2/v1/userinfo' });
      assert.equal(none.statusCode, 401);
      // An ID token is not an access token.
      assert.equal((await call('GET', '/oauth2/v1/userinfo', full.id_token ?? '')).statusCode, 401);
      assert.equal((await t.request('POST', `/api/v1/users/${user.user.id}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await call('GET', '/oauth2/v1/userinfo', full.access_token)).statusCode, 401);
    });

    it('introspects a user token for its own client with username and uid', async () => {
      const user = await userWithRoles(t, 'intro@example.com', ['READ_ONLY_ADMIN']);
      const tokens = await userTokens(t, client, 'intro@example.com', 'openid okta.users.read');
      const res = await tokenRequestAt(t, '/oauth2/v1/introspect', client, { token: tokens.access_token });
      const body = res.json<Record<string, unknown>>();
      assert.equal(body['active'], true);
      assert.equal(body['username'], 'intro@example.com');
      assert.equal(body['uid'], user.user.id);
      assert.equal(body['scope'], 'openid okta.users.read');
    });

    it('logs out (RP-initiated): verifies the id_token_hint, ends the session, redirects to a registered URI with state', async () => {
      await userWithRoles(t, 'bye@example.com', []);
      const result = await authorizeCode(t, client, 'bye@example.com', 'openid');
      const idToken = (await redeemCode(t, client, result)).json<TokenBody>().id_token ?? '';
      // An expired hint is still a hint (RP-Initiated Logout §2).
      t.clock.advance(2 * 3600_000);
      const bad = await t.app.fastify.inject({
        method: 'GET',
        url: `/oauth2/v1/logout?id_token_hint=${idToken}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example.com/')}`,
        headers: { cookie: result.cookie },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.headers['location'], undefined);
      const forged = await t.app.fastify.inject({
        method: 'GET',
        url: `/oauth2/v1/logout?id_token_hint=${idToken.slice(0, -4)}AAAA`,
        headers: { cookie: result.cookie },
      });
      assert.equal(forged.statusCode, 400);
      assert.equal(forged.headers['set-cookie'], undefined);

      const res = await t.app.fastify.inject({
        method: 'GET',
        url: `/oauth2/v1/logout?id_token_hint=${idToken}&post_logout_redirect_uri=${encodeURIComponent(LOGOUT_URI)}&state=bye`,
        headers: { cookie: result.cookie },
      });
      assert.equal(res.statusCode, 302);
      assert.equal(res.headers['location'], `${LOGOUT_URI}?state=bye`);
      assert.match(String(res.headers['set-cookie']), /^sid=; Max-Age=0/);
      // The session is over: the same cookie no longer signs anyone in.
      const again = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', prompt: 'none' }), result.cookie);
      assert.equal(new URL(String(again.headers['location'])).searchParams.get('error'), 'login_required');
      const missing = await t.app.fastify.inject({ method: 'GET', url: '/oauth2/v1/logout' });
      assert.equal(missing.statusCode, 400);
    });
  });
}

function tokenRequestAt(t: TestApp, url: string, client: WebApp, values: Record<string, string>) {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: 'Basic ' + Buffer.from(`${client.clientId}:${client.secret ?? ''}`).toString('base64'),
  };
  return t.app.fastify.inject({ method: 'POST', url, headers, payload: new URLSearchParams(values).toString() });
}
