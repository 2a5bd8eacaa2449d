/**
 * BearerStateRepository: the live state behind an access token in one read, for client tokens
 * and user tokens: revocation, the app's status and granted scopes, the user's status and login,
 * and the subject's roles (a client's own, or a user's direct and through groups, each once).
 * Every change shows on the next read.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { newId } from '../../src/crypto/random-id.js';
import { runConformance } from './conformance.js';
import { at, newApp, newAppGrant, newGroup, newRole, newUser } from './records.js';

await runConformance('bearer state', {
  "a client token: the app's status, its granted scopes and its own roles; not revoked": async (store) => {
    const app = newApp();
    await store.apps.insert(app);
    await store.apps.insertGrant(newAppGrant(app.id, 'okta.users.read'));
    await store.apps.insertGrant(newAppGrant(app.id, 'okta.groups.read'));
    await store.roles.insert(newRole('CLIENT', app.id, 'READ_ONLY_ADMIN'));
    await store.roles.insert(newRole('USER', app.id, 'SUPER_ADMIN'));
    const state = await store.bearer.read({ jti: randomUUID(), appId: app.id, userId: undefined });
    assert.equal(state.revoked, false);
    assert.equal(state.appStatus, 'ACTIVE');
    assert.deepEqual([...state.grantedScopes].sort(), ['okta.groups.read', 'okta.users.read']);
    assert.equal(state.user, undefined);
    assert.deepEqual(state.roles, ['READ_ONLY_ADMIN'], "a USER assignment under the same id is not the client's");
  },

  "a user token: the user's status, login and roles, direct and through groups, each once": async (store) => {
    const app = newApp();
    const user = newUser({ status: 'ACTIVE', profile: { login: 'ada@example.com' } });
    const group = newGroup();
    await store.apps.insert(app);
    await store.users.insert(user);
    await store.groups.insert(group);
    await store.groups.addMember(group.id, user.id, at(0));
    await store.roles.insert(newRole('USER', user.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('GROUP', group.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('GROUP', group.id, 'GROUP_ADMIN'));
    await store.roles.insert(newRole('CLIENT', app.id, 'APP_ADMIN'));
    const state = await store.bearer.read({ jti: randomUUID(), appId: app.id, userId: user.id });
    assert.deepEqual(state.user, { status: 'ACTIVE', login: 'ada@example.com' });
    assert.deepEqual([...state.roles].sort(), ['GROUP_ADMIN', 'USER_ADMIN'], "the user's roles, not the client's");
    assert.deepEqual(state.grantedScopes, []);
  },

  'missing app and user read as undefined, nothing granted, no roles': async (store) => {
    const state = await store.bearer.read({ jti: randomUUID(), appId: newId('app'), userId: newId('user') });
    assert.deepEqual(state, { revoked: false, appStatus: undefined, grantedScopes: [], user: undefined, roles: [] });
  },

  'every change shows on the next read: revocation, app status, grants, user status, roles': async (store) => {
    const app = newApp();
    const user = newUser();
    await store.apps.insert(app);
    await store.users.insert(user);
    const grant = newAppGrant(app.id, 'okta.users.read');
    await store.apps.insertGrant(grant);
    const role = newRole('USER', user.id, 'USER_ADMIN');
    await store.roles.insert(role);
    const query = { jti: randomUUID(), appId: app.id, userId: user.id };
    const before = await store.bearer.read(query);
    assert.deepEqual(
      [before.revoked, before.appStatus, before.grantedScopes, before.user?.status, before.roles],
      [false, 'ACTIVE', ['okta.users.read'], 'ACTIVE', ['USER_ADMIN']],
    );

    await store.replay.revokeToken(query.jti, at(60));
    await store.apps.update(app.id, (a) => ({ ...a, status: 'INACTIVE' }));
    await store.apps.deleteGrant(app.id, grant.id);
    await store.users.update(user.id, (u) => ({ ...u, status: 'SUSPENDED' }));
    await store.roles.delete(role.id);
    const after = await store.bearer.read(query);
    assert.deepEqual([after.revoked, after.appStatus, after.grantedScopes, after.user?.status, after.roles], [true, 'INACTIVE', [], 'SUSPENDED', []]);
  },
});
