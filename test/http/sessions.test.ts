import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import type { SessionService } from '../../src/session/contract.js';
import { PASSWORD, authn, context, createUser, eventsOf, signInConfig } from './sign-in.fixtures.js';

/** A sessionToken for `login` through /api/v1/authn. */
async function sessionToken(t: TestApp, login: string): Promise<string> {
  const res = await authn(t, login, PASSWORD);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ sessionToken: string }>().sessionToken;
}

/** Signs `login` in as the authorization endpoint does: sessionToken → session; returns the cookie value and the session id. */
async function signedIn(t: TestApp, sessions: SessionService, login: string): Promise<{ cookie: string; id: string }> {
  const redeemed = await sessions.redeemSessionToken(context(), await sessionToken(t, login));
  assert.ok(redeemed);
  const { session, cookieValue } = await sessions.startSession(context(), redeemed);
  return { cookie: cookieValue, id: session.id };
}

for (const kind of await storeKinds()) {
  describe(`sessions (${kind})`, () => {
    let t: TestApp;
    let sessions: SessionService;
    let userId: string;
    before(async () => {
      t = await startTestApp(kind, { config: signInConfig() });
      sessions = t.app.services.sessions;
      userId = await createUser(t, 'grace@example.com');
    });
    after(() => t.close());

    it('a sessionToken is redeemed once, within its 5 minutes', async () => {
      const token = await sessionToken(t, 'grace@example.com');
      const first = await sessions.redeemSessionToken(context(), token);
      assert.equal(first?.user.id, userId);
      assert.deepEqual(first?.amr, ['pwd']);
      assert.equal(first?.authTime, new Date(t.clock.now()).toISOString());
      assert.equal(await sessions.redeemSessionToken(context(), token), undefined);
      const late = await sessionToken(t, 'grace@example.com');
      t.clock.advance(5 * 60_000);
      assert.equal(await sessions.redeemSessionToken(context(), late), undefined);
      assert.equal(await sessions.redeemSessionToken(context(), 'not-a-token'), undefined);
    });

    it('of concurrent redemptions of one sessionToken exactly one succeeds', async () => {
      const token = await sessionToken(t, 'grace@example.com');
      const results = await Promise.all(Array.from({ length: 5 }, () => sessions.redeemSessionToken(context(), token)));
      assert.equal(results.filter((r) => r !== undefined).length, 1);
    });

    it('GET /api/v1/sessions/me answers the session behind the sid cookie, 404 E0000007 without one', async () => {
      const { cookie, id } = await signedIn(t, sessions, 'grace@example.com');
      const res = await t.request('GET', '/api/v1/sessions/me', { token: null, headers: { cookie: `other=1; sid=${cookie}` } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.id, id);
      assert.match(body.id, /^102[0-9A-Za-z]{22}$/);
      assert.equal(body.login, 'grace@example.com');
      assert.equal(body.userId, userId);
      assert.equal(body.status, 'ACTIVE');
      assert.deepEqual(body.amr, ['pwd']);
      assert.equal(body.lastFactorVerification, null);
      assert.equal(body.idp.type, 'OKTA');
      assert.match(body.idp.id, /^00o/);
      assert.equal(Date.parse(body.expiresAt) - Date.parse(body.createdAt), 2 * 3_600_000);
      assert.equal(body._links.self.href, `${t.config.orgUrl}/api/v1/sessions/me`);
      for (const headers of [{}, { cookie: 'sid=' + 'A'.repeat(43) }, { cookie: 'sid=garbage' }]) {
        const missing = await t.request('GET', '/api/v1/sessions/me', { token: null, headers });
        assert.equal(missing.statusCode, 404);
        assert.equal(missing.json().errorCode, 'E0000007');
      }
    });

    it('a session expires after 2 hours idle, slides with use, and never outlives 1 day', async () => {
      const { cookie } = await signedIn(t, sessions, 'grace@example.com');
      t.clock.advance(3_600_000);
      assert.ok(await sessions.sessionFromCookie(cookie));
      t.clock.advance(3_600_000 + 30 * 60_000);
      assert.ok(await sessions.sessionFromCookie(cookie), 'used 1.5 h ago: still live');
      for (let hour = 0; hour < 22; hour++) {
        t.clock.advance(3_600_000);
        await sessions.sessionFromCookie(cookie);
      }
      assert.equal(await sessions.sessionFromCookie(cookie), undefined, 'past the absolute lifetime');
      const idle = await signedIn(t, sessions, 'grace@example.com');
      t.clock.advance(2 * 3_600_000);
      assert.equal(await sessions.sessionFromCookie(idle.cookie), undefined);
    });

    it('DELETE /api/v1/sessions/me signs out: the cookie is cleared and the session is gone', async () => {
      const { cookie } = await signedIn(t, sessions, 'grace@example.com');
      const res = await t.request('DELETE', '/api/v1/sessions/me', { token: null, headers: { cookie: `sid=${cookie}` } });
      assert.equal(res.statusCode, 204);
      assert.match(String(res.headers['set-cookie']), /^sid=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
      assert.equal((await t.request('GET', '/api/v1/sessions/me', { token: null, headers: { cookie: `sid=${cookie}` } })).statusCode, 404);
      assert.ok((await eventsOf(t, 'user.session.end', userId)).length > 0);
    });

    it('POST /api/v1/sessions/me/lifecycle/refresh moves the idle expiry forward', async () => {
      const { cookie } = await signedIn(t, sessions, 'grace@example.com');
      t.clock.advance(30 * 60_000);
      const res = await t.request('POST', '/api/v1/sessions/me/lifecycle/refresh', { token: null, headers: { cookie: `sid=${cookie}` } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(Date.parse(res.json().expiresAt), t.clock.now() + 2 * 3_600_000);
    });

    it('admins read and end a session by id; a read-only admin reads only; a user without a role neither', async () => {
      const { cookie, id } = await signedIn(t, sessions, 'grace@example.com');
      const got = await t.request('GET', `/api/v1/sessions/${id}`);
      assert.equal(got.statusCode, 200, got.body);
      assert.equal(got.json()._links.self.href, `${t.config.orgUrl}/api/v1/sessions/${id}`);
      const reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
      assert.equal((await t.request('GET', `/api/v1/sessions/${id}`, { token: reader.token })).statusCode, 200);
      const refused = await t.request('DELETE', `/api/v1/sessions/${id}`, { token: reader.token });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().errorCode, 'E0000006');
      const nobody = await userWithRoles(t, 'nobody@example.com', []);
      assert.equal((await t.request('GET', `/api/v1/sessions/${id}`, { token: nobody.token })).statusCode, 403);
      assert.equal((await t.request('GET', `/api/v1/sessions/${id}`, { token: null })).statusCode, 403);

      const ended = await t.request('DELETE', `/api/v1/sessions/${id}`);
      assert.equal(ended.statusCode, 204);
      assert.equal(await sessions.sessionFromCookie(cookie), undefined);
      const gone = await t.request('GET', `/api/v1/sessions/${id}`);
      assert.equal(gone.statusCode, 404);
      assert.equal(gone.json().errorCode, 'E0000007');
      assert.equal((await t.request('GET', '/api/v1/sessions/1020000000000000000000000')).statusCode, 404);
    });

    it('POST /api/v1/sessions exchanges a sessionToken for a session, once', async () => {
      const token = await sessionToken(t, 'grace@example.com');
      const res = await t.request('POST', '/api/v1/sessions', { body: { sessionToken: token } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().userId, userId);
      const again = await t.request('POST', '/api/v1/sessions', { body: { sessionToken: token } });
      assert.equal(again.statusCode, 401);
      assert.equal(again.json().errorCode, 'E0000004');
    });

    it('DELETE /api/v1/users/{id}/sessions clears every session of the user', async () => {
      const a = await signedIn(t, sessions, 'grace@example.com');
      const b = await signedIn(t, sessions, 'grace@example.com');
      const res = await t.request('DELETE', `/api/v1/users/${userId}/sessions?oauthTokens=false`);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(await sessions.sessionFromCookie(a.cookie), undefined);
      assert.equal(await sessions.sessionFromCookie(b.cookie), undefined);
      assert.ok((await eventsOf(t, 'user.session.clear', userId)).length > 0);
      assert.equal((await t.request('DELETE', '/api/v1/users/00u00000000000000000/sessions')).statusCode, 404);
    });

    it("DELETE /api/v1/users/{id}/sessions?oauthTokens=true also revokes the user's refresh tokens", async () => {
      const at = new Date(t.clock.now()).toISOString();
      const record = {
        digest: 'digest-of-a-refresh-token',
        id: 'rt-test',
        familyId: 'family-test',
        clientId: '0oaclient0000000000x',
        userId,
        scopes: ['openid', 'offline_access'],
        authTime: at,
        amr: ['pwd'],
        created: at,
        expires: new Date(t.clock.now() + 86_400_000).toISOString(),
        rotated: null,
        successorDigest: null,
        revoked: null,
        dpopJkt: null,
        lastUsed: null,
      };
      await t.store.authorization.insertRefreshToken(record);
      assert.equal((await t.request('DELETE', `/api/v1/users/${userId}/sessions`)).statusCode, 204);
      assert.equal((await t.store.authorization.getRefreshToken(record.digest))?.revoked, null, 'kept without oauthTokens');
      assert.equal((await t.request('DELETE', `/api/v1/users/${userId}/sessions?oauthTokens=true`)).statusCode, 204);
      assert.notEqual((await t.store.authorization.getRefreshToken(record.digest))?.revoked, null);
    });

    it('suspending or deactivating a user ends their sessions, and unsuspending does not bring them back', async () => {
      const id = await createUser(t, 'linus@example.com');
      const suspended = await signedIn(t, sessions, 'linus@example.com');
      assert.equal((await t.request('POST', `/api/v1/users/${id}/lifecycle/suspend`)).statusCode, 200);
      assert.equal(await sessions.sessionFromCookie(suspended.cookie), undefined);
      assert.equal((await t.request('POST', `/api/v1/users/${id}/lifecycle/unsuspend`)).statusCode, 200);
      assert.equal(await sessions.sessionFromCookie(suspended.cookie), undefined);
      const live = await signedIn(t, sessions, 'linus@example.com');
      assert.equal(await sessions.endSessionsOf(context(), id), 1);
      assert.equal(await sessions.sessionFromCookie(live.cookie), undefined);
      const last = await signedIn(t, sessions, 'linus@example.com');
      assert.equal((await t.request('POST', `/api/v1/users/${id}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal(await sessions.sessionFromCookie(last.cookie), undefined);
      assert.ok((await eventsOf(t, 'user.session.clear', id)).length >= 2);
    });

    it('expired and ended sessions and tokens are deleted a day after they lapse', async () => {
      await signedIn(t, sessions, 'grace@example.com');
      assert.ok((await t.database.db.selectFrom('sessions').select('id').execute()).length > 0);
      t.clock.advance(3 * 86_400_000);
      await sessionToken(t, 'grace@example.com');
      assert.equal((await t.database.db.selectFrom('sessions').select('id').execute()).length, 0);
      assert.equal((await t.database.db.selectFrom('session_tokens').select('digest').execute()).length, 1, 'only the new one');
    });
  });
}
