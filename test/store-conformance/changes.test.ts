/**
 * `Store.changes`, the change marker that caches of reads rely on: where the store has one
 * (SQLite), every write through a repository that can change a read moves it, and reads leave it
 * where it is; where it cannot be told cheaply and exactly (PostgreSQL) there is none, and
 * nothing may be cached.
 */
import { textOf } from '../../src/store/records.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChangeMarker } from '../../src/store/change-marker.js';
import type { Store } from '../../src/store/store.js';
import { runConformance, type ConformanceContext } from './conformance.js';
import {
  at,
  digest,
  newApiToken,
  newApp,
  newAppGrant,
  newAppKey,
  newAppSecret,
  newCode,
  newGroup,
  newRefreshToken,
  newRole,
  newSession,
  newSessionToken,
  newSigningKey,
  newUser,
} from './records.js';

/** The marker, or undefined after checking that this kind of store rightly has none. */
function markerOf(store: Store, { kind }: ConformanceContext): ChangeMarker | undefined {
  if (kind === 'postgres') {
    assert.equal(store.changes, undefined, 'other nodes write without telling this one: no marker');
    return undefined;
  }
  assert.ok(store.changes !== undefined, 'SQLite counts every write: a marker');
  return store.changes;
}

await runConformance('change marker', {
  'every write that can change a read moves the marker': async (store, context) => {
    const changes = markerOf(store, context);
    if (changes === undefined) return;
    const user = newUser();
    const group = newGroup();
    const role = newRole('USER', user.id, 'USER_ADMIN');
    const token = newApiToken(user.id);
    const app = newApp();
    const key = newAppKey(app.id);
    const secret = newAppSecret(app.id);
    const grant = newAppGrant(app.id, 'okta.users.read');
    const session = newSession(user.id);
    const sessionToken = newSessionToken(user.id);
    const code = newCode();
    const refresh = newRefreshToken();
    const writes: readonly (readonly [string, () => Promise<unknown>])[] = [
      ['org.ensure', () => store.org.ensure({ id: '00o1', created: at(0), tokenWindow: 'P30D' })],
      ['users.insert', () => store.users.insert(user)],
      ['users.update', () => store.users.update(user.id, (u) => ({ ...u, status: 'SUSPENDED' }))],
      ['groups.insert', () => store.groups.insert(group)],
      ['groups.update', () => store.groups.update(group.id, (g) => ({ ...g, lastUpdated: at(1) }))],
      ['groups.addMember', () => store.groups.addMember(group.id, user.id, at(1))],
      ['groups.removeMember', () => store.groups.removeMember(group.id, user.id, at(2))],
      ['roles.insert', () => store.roles.insert(role)],
      ['roles.delete', () => store.roles.delete(role.id)],
      ['apiTokens.insert', () => store.apiTokens.insert(token)],
      ['apiTokens.update', () => store.apiTokens.update(token.id, (t) => ({ ...t, name: 'renamed' }))],
      ['apiTokens.revoke', () => store.apiTokens.revoke(token.id, at(3), 'test')],
      ['apps.insert', () => store.apps.insert(app)],
      ['apps.update', () => store.apps.update(app.id, (a) => ({ ...a, status: 'INACTIVE' }))],
      ['apps.insertKey', () => store.apps.insertKey(key)],
      ['apps.updateKey', () => store.apps.updateKey(app.id, key.id, (k) => ({ ...k, status: 'INACTIVE' }))],
      ['apps.deleteKey', () => store.apps.deleteKey(app.id, key.id)],
      ['apps.insertSecret', () => store.apps.insertSecret(secret)],
      ['apps.deleteSecretsOf', () => store.apps.deleteSecretsOf(app.id)],
      ['apps.insertGrant', () => store.apps.insertGrant(grant)],
      ['apps.deleteGrant', () => store.apps.deleteGrant(app.id, grant.id)],
      ['replay.revokeToken', () => store.replay.revokeToken(randomUUID(), at(9))],
      ['signingKeys.insert', () => store.signingKeys.insert(newSigningKey())],
      ['signingKeys.retireActive', () => store.signingKeys.retireActive(at(4))],
      ['sessions.insert', () => store.sessions.insert(session)],
      ['sessions.revoke', () => store.sessions.revoke(session.id, at(5))],
      ['sessions.insertToken', () => store.sessions.insertToken(sessionToken)],
      ['sessions.consumeToken', () => store.sessions.consumeToken(sessionToken.digest, at(1))],
      ['sessions.recordFailure', () => store.sessions.recordFailure(user.id, at(1))],
      ['authorization.insertCode', () => store.authorization.insertCode(code)],
      ['authorization.consumeCode', () => store.authorization.consumeCode(code.digest, at(0))],
      ['authorization.insertRefreshToken', () => store.authorization.insertRefreshToken(refresh)],
      ['authorization.rotateRefreshToken', () => store.authorization.rotateRefreshToken(refresh.digest, digest(), at(1))],
      ['authorization.revokeFamily', () => store.authorization.revokeFamily(refresh.familyId, at(2))],
      ['users.delete', () => store.users.delete(user.id)],
      ['groups.delete', () => store.groups.delete(group.id)],
      ['apps.delete', () => store.apps.delete(app.id)],
    ];
    for (const [name, write] of writes) {
      const before = changes.current();
      await write();
      assert.notEqual(changes.current(), before, `${name} moved the marker`);
    }
  },

  'reads leave the marker where it is': async (store, context) => {
    const changes = markerOf(store, context);
    if (changes === undefined) return;
    const user = newUser();
    const app = newApp();
    await store.users.insert(user);
    await store.apps.insert(app);
    const before = changes.current();
    await store.users.get(user.id);
    await store.users.getByLogin(textOf(user.profile['login']));
    await store.users.list({ limit: 10, q: 'ada' });
    await store.groups.list({ limit: 10 });
    await store.roles.roleTypesOfUser(user.id);
    await store.apiTokens.findForAuthentication(digest());
    await store.apps.get(app.id);
    await store.apps.listKeys(app.id);
    await store.apps.listGrantedScopes(app.id);
    await store.bearer.read({ jti: randomUUID(), appId: app.id, userId: user.id });
    await store.replay.isTokenRevoked(randomUUID());
    await store.signingKeys.list();
    await store.logs.query({ since: at(0), order: 'ASCENDING', limit: 10 });
    await store.sessions.findByCookieDigest(digest());
    await store.authorization.getCode(digest());
    assert.equal(changes.current(), before);
  },
});
