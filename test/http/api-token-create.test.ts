/**
 * `POST /api/v1/api-tokens` (Tessera extension; Okta makes tokens only in its Admin Console), on
 * both databases: the caller's own token, shown once and usable at once; refused for a service
 * app, for a user without an admin role, and for an access token whose scopes hold less than the
 * owner's roles (an unscoped token would yield more than it holds); bad input changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPE_PERMISSIONS } from '../../src/auth/scopes.js';
import { insertServiceApp } from '../fixtures/apps.js';
import { storeKinds } from '../helpers/databases.js';
import { requestToken } from '../helpers/oauth.js';
import { fixtureOrg, startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { createWebApp, userTokens } from '../oauth/user-context-fixtures.js';

const ALL_SCOPES = Object.keys(SCOPE_PERMISSIONS);

async function tokenCount(t: TestApp): Promise<number> {
  return (await t.store.apiTokens.list({ limit: 10_000 })).length;
}

for (const kind of await storeKinds()) {
  describe(`Creating an API token (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('makes a token owned by the caller, whose secret is shown once and works at once', async () => {
      const orgAdmin = await userWithRoles(t, 'org.admin@example.com', ['ORG_ADMIN']);
      const res = await t.request('POST', '/api/v1/api-tokens', { token: orgAdmin.token, body: { name: 'nightly sync' } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<{ id: string; name: string; userId: string; token: string; network: { connection: string } }>();
      assert.equal(body.name, 'nightly sync');
      assert.equal(body.userId, orgAdmin.user.id);
      assert.equal(body.network.connection, 'ANYWHERE');
      assert.match(body.token, /^00/);
      const me = await t.request('GET', '/api/v1/users/me', { token: body.token });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json<{ id: string }>().id, orgAdmin.user.id);
      // Read back, the secret is gone.
      const read = await t.request('GET', `/api/v1/api-tokens/${body.id}`, { token: orgAdmin.token });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json<Record<string, unknown>>()['token'], undefined);
      const events = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
      assert.ok(events.some((e) => e.event.eventType === 'system.api_token.create' && e.event.actor.id === orgAdmin.user.id));
    });

    it('takes a network condition, and refuses one naming no zone without writing anything', async () => {
      const before = await tokenCount(t);
      const bad = await t.request('POST', '/api/v1/api-tokens', {
        body: { name: 'zoned', network: { connection: 'ZONE', include: ['nzo_nonexistent'] } },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json<{ errorCode: string }>().errorCode, 'E0000001');
      assert.equal(await tokenCount(t), before);
      const blank = await t.request('POST', '/api/v1/api-tokens', { body: { name: '  ' } });
      assert.equal(blank.statusCode, 400, blank.body);
      const unknownField = await t.request('POST', '/api/v1/api-tokens', { body: { name: 'x', userId: 'someone-else' } });
      assert.equal(unknownField.statusCode, 400, unknownField.body);
      assert.equal(await tokenCount(t), before);
    });

    it('refuses a user who holds no admin role', async () => {
      const plain = await userWithRoles(t, 'plain.user@example.com', ['READ_ONLY_ADMIN']);
      // The fixture's token was made while the user held a role; take the role away.
      const roles = await t.request('GET', `/api/v1/users/${plain.user.id}/roles`);
      for (const role of roles.json<{ id: string }[]>()) await t.request('DELETE', `/api/v1/users/${plain.user.id}/roles/${role.id}`);
      const before = await tokenCount(t);
      const res = await t.request('POST', '/api/v1/api-tokens', { token: plain.token, body: { name: 'mine' } });
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses[0]?.errorSummary ?? '', /hold no admin role/);
      assert.equal(await tokenCount(t), before);
    });

    it('refuses a service app: an API token belongs to a user', async () => {
      const app = await insertServiceApp(fixtureOrg(t), { scopes: ['okta.apiTokens.manage'], roles: ['SUPER_ADMIN'] });
      const token = await requestToken(t, app, 'okta.apiTokens.manage');
      assert.equal(token.statusCode, 200, token.body);
      const before = await tokenCount(t);
      const res = await t.request('POST', '/api/v1/api-tokens', {
        authorization: `Bearer ${token.json<{ access_token: string }>().access_token}`,
        body: { name: 'app token' },
      });
      assert.equal(res.statusCode, 403, res.body);
      assert.match(res.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses[0]?.errorSummary ?? '', /belongs to a user/);
      assert.equal(await tokenCount(t), before);
    });

    it('refuses an access token whose scopes hold less than its user: nobody yields more than they hold', async () => {
      const superAdminLogin = 'second.super@example.com';
      const superAdmin = await userWithRoles(t, superAdminLogin, ['SUPER_ADMIN']);
      const client = await createWebApp(t, { scopes: ALL_SCOPES });
      const narrow = await userTokens(t, client, superAdminLogin, 'openid okta.apiTokens.manage');
      const before = await tokenCount(t);
      const refused = await t.request('POST', '/api/v1/api-tokens', { authorization: `Bearer ${narrow.access_token}`, body: { name: 'wider' } });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.match(refused.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses[0]?.errorSummary ?? '', /scopes do not open okta\.users\./);
      assert.equal(await tokenCount(t), before);
      const denied = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
      assert.ok(denied.some((e) => e.event.eventType === 'core.api.access.denied' && e.event.actor.id === superAdmin.user.id));
      // With every scope (as the console asks for), the same user may.
      const wide = await userTokens(t, client, superAdminLogin, `openid ${ALL_SCOPES.join(' ')}`);
      const made = await t.request('POST', '/api/v1/api-tokens', { authorization: `Bearer ${wide.access_token}`, body: { name: 'from the console' } });
      assert.equal(made.statusCode, 200, made.body);
      assert.equal(made.json<{ userId: string }>().userId, superAdmin.user.id);
    });
  });
}
