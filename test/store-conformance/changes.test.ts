/**
 * The database's change marker (`OpenDatabase.changes`), which the store's kept reads rely on
 * (kept-reads.ts): where there is one (SQLite), every write through a repository that can change
 * a read moves it, and reads leave it where it is; where it cannot be told cheaply and exactly
 * (PostgreSQL) there is none, and nothing may be kept.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ChangeMarker } from '../../src/store/change-marker.js';
import { runConformance, type ConformanceContext } from './conformance.js';
import { at, digest, newApp, newUser } from './records.js';
import { writesThatChangeReads } from './writes.js';

/** The marker, or undefined after checking that this kind of database rightly has none. */
function markerOf({ kind, database }: ConformanceContext): ChangeMarker | undefined {
  if (kind === 'postgres') {
    assert.equal(database.changes, undefined, 'other nodes write without telling this one: no marker');
    return undefined;
  }
  assert.ok(database.changes !== undefined, 'SQLite counts every write: a marker');
  return database.changes;
}

await runConformance('change marker', {
  'every write that can change a read moves the marker': async (store, context) => {
    const changes = markerOf(context);
    if (changes === undefined) return;
    for (const [name, write] of writesThatChangeReads(store)) {
      const before = changes.current();
      await write();
      assert.notEqual(changes.current(), before, `${name} moved the marker`);
    }
  },

  'reads leave the marker where it is': async (store, context) => {
    const changes = markerOf(context);
    if (changes === undefined) return;
    const login = 'reads@example.com';
    const user = newUser({ profile: { login, email: login, firstName: 'Ada', lastName: 'Lovelace' } });
    const app = newApp();
    await store.users.insert(user);
    await store.apps.insert(app);
    const before = changes.current();
    await store.users.get(user.id);
    await store.users.getByLogin(login);
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
