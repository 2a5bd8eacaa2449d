/**
 * The live state behind a Bearer token, read in one statement (store.bearer): what it returns on
 * both databases, and that a role held through a group counts for a user-context token and stops
 * counting on the next request once the user leaves the group.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import { createWebApp, userTokens } from './user-context-fixtures.js';

for (const kind of await storeKinds()) {
  describe(`bearer state in one statement (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
    });
    after(() => t.close());

    const assignRole = (principalType: 'USER' | 'GROUP' | 'CLIENT', principalId: string, roleType: string) =>
      t.store.roles.insert({
        id: newId('roleAssignment'),
        principalType,
        principalId,
        roleType,
        created: isoAt(t.clock.now()),
        lastUpdated: isoAt(t.clock.now()),
      });

    it('reads revocation, app status, grants and the client’s roles', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read', 'okta.groups.read'], roles: ['READ_ONLY_ADMIN'] });
      const fresh = await t.store.bearer.read({ jti: 'AT.not-revoked', appId: client.clientId, userId: undefined });
      assert.deepEqual(
        { ...fresh, grantedScopes: [...fresh.grantedScopes].sort() },
        {
          revoked: false,
          appStatus: 'ACTIVE',
          grantedScopes: ['okta.groups.read', 'okta.users.read'],
          user: undefined,
          roles: ['READ_ONLY_ADMIN'],
        },
      );
      await t.store.replay.revokeToken('AT.revoked', isoAt(t.clock.now() + 60_000));
      assert.equal((await t.store.bearer.read({ jti: 'AT.revoked', appId: client.clientId, userId: undefined })).revoked, true);
      const gone = await t.store.bearer.read({ jti: 'AT.x', appId: '0oaNoSuchAppAtAll123', userId: undefined });
      assert.deepEqual(gone, { revoked: false, appStatus: undefined, grantedScopes: [], user: undefined, roles: [] });
    });

    it('reads the user’s status, login and roles, direct and through groups, once each', async () => {
      const { user } = await userWithRoles(t, 'state.reader@example.com', ['READ_ONLY_ADMIN']);
      const group = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'State readers' } } });
      assert.equal(group.statusCode, 200, group.body);
      const groupId = group.json<{ id: string }>().id;
      await assignRole('GROUP', groupId, 'READ_ONLY_ADMIN');
      await assignRole('GROUP', groupId, 'HELP_DESK_ADMIN');
      assert.equal((await t.request('PUT', `/api/v1/groups/${groupId}/users/${user.id}`)).statusCode, 204);
      const web = await createWebApp(t);
      const state = await t.store.bearer.read({ jti: 'AT.y', appId: web.clientId, userId: user.id });
      assert.deepEqual(
        { ...state, roles: [...state.roles].sort() },
        {
          revoked: false,
          appStatus: 'ACTIVE',
          grantedScopes: [],
          user: { status: 'ACTIVE', login: 'state.reader@example.com' },
          roles: ['HELP_DESK_ADMIN', 'READ_ONLY_ADMIN'],
        },
      );
      assert.equal((await t.store.bearer.read({ jti: 'AT.y', appId: web.clientId, userId: '00uNoSuchUserAtAll12' })).user, undefined);
    });

    it('honours a role held through a group, and its loss on the next request', async () => {
      await userWithRoles(t, 'grouped@example.com', []);
      const user = await t.store.users.getByLogin('grouped@example.com');
      assert.ok(user !== undefined);
      const group = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Readers by group' } } });
      const groupId = group.json<{ id: string }>().id;
      await assignRole('GROUP', groupId, 'READ_ONLY_ADMIN');
      assert.equal((await t.request('PUT', `/api/v1/groups/${groupId}/users/${user.id}`)).statusCode, 204);
      const web = await createWebApp(t, { scopes: ['okta.users.read'] });
      const token = (await userTokens(t, web, 'grouped@example.com', 'okta.users.read')).access_token;
      const read = () => t.request('GET', '/api/v1/users', { authorization: `Bearer ${token}` });
      assert.equal((await read()).statusCode, 200);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${groupId}/users/${user.id}`)).statusCode, 204);
      const refused = await read();
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ errorCode: string }>().errorCode, 'E0000006');
    });
  });
}
