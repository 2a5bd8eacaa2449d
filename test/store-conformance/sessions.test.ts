/**
 * SessionRepository: browser sessions (keyed on the id and the cookie digest, found only while
 * unrevoked, extended only forwards, revoked once), one-time session tokens (redeemed by exactly
 * one of many racing callers, never after expiry), the sign-in failure counter (atomic under
 * concurrency), and the expiry janitor.
 */
import assert from 'node:assert/strict';
import { newId } from '../../src/crypto/random-id.js';
import { RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newSession, newSessionToken } from './records.js';

await runConformance('sessions', {
  'insert, then get and findByCookieDigest return the record as written; missing is undefined': async (store) => {
    const session = newSession(newId('user'), { amr: ['pwd', 'mfa'], lastPasswordVerification: null });
    await store.sessions.insert(session);
    assert.deepEqual(await store.sessions.get(session.id), session);
    assert.deepEqual(await store.sessions.findByCookieDigest(session.cookieDigest), session);
    const missing = newSession(session.userId);
    assert.equal(await store.sessions.get(missing.id), undefined);
    assert.equal(await store.sessions.findByCookieDigest(missing.cookieDigest), undefined);
  },

  'a session with a taken id or cookie digest is refused with UniqueViolation(session)': async (store) => {
    const session = newSession(newId('user'));
    await store.sessions.insert(session);
    await rejectsAsTaken(store.sessions.insert(newSession(session.userId, { id: session.id })), 'session');
    const sameCookie = newSession(session.userId, { cookieDigest: session.cookieDigest });
    await rejectsAsTaken(store.sessions.insert(sameCookie), 'session');
    assert.equal(await store.sessions.get(sameCookie.id), undefined);
  },

  'extend moves the idle expiry forward, never back': async (store) => {
    const session = newSession(newId('user'), { expires: at(30) });
    await store.sessions.insert(session);
    await store.sessions.extend(session.id, at(45));
    assert.equal((await store.sessions.get(session.id))?.expires, at(45));
    await store.sessions.extend(session.id, at(40));
    assert.equal((await store.sessions.get(session.id))?.expires, at(45));
  },

  'revoke is true once, then false; a revoked session is kept by id but no longer found by cookie': async (store) => {
    const session = newSession(newId('user'));
    await store.sessions.insert(session);
    assert.equal(await store.sessions.revoke(session.id, at(3)), true);
    assert.equal(await store.sessions.revoke(session.id, at(4)), false);
    assert.equal((await store.sessions.get(session.id))?.revoked, at(3));
    assert.equal(await store.sessions.findByCookieDigest(session.cookieDigest), undefined);
    assert.equal(await store.sessions.revoke(newSession(session.userId).id, at(4)), false);
  },

  "revokeAllOfUser revokes that user's unrevoked sessions and returns their ids": async (store) => {
    const [ada, bob] = [newId('user'), newId('user')];
    const adas = [newSession(ada), newSession(ada)];
    const revoked = newSession(ada);
    const bobs = newSession(bob);
    for (const session of [...adas, revoked, bobs]) await store.sessions.insert(session);
    await store.sessions.revoke(revoked.id, at(1));
    assert.deepEqual(await store.sessions.revokeAllOfUser(ada, at(2)), adas.map((s) => s.id).sort());
    assert.deepEqual(await store.sessions.revokeAllOfUser(ada, at(3)), []);
    assert.equal((await store.sessions.get(revoked.id))?.revoked, at(1));
    assert.equal((await store.sessions.get(bobs.id))?.revoked, null);
  },

  [`${RACERS} concurrent revocations of one session: exactly one revokes it`]: async (store) => {
    const session = newSession(newId('user'));
    await store.sessions.insert(session);
    assert.equal(winners(await together(RACERS, (i) => store.sessions.revoke(session.id, at(i)))), 1);
  },

  'a session token with a taken digest is refused with UniqueViolation(session_token)': async (store) => {
    const token = newSessionToken(newId('user'));
    await store.sessions.insertToken(token);
    await rejectsAsTaken(store.sessions.insertToken(newSessionToken(newId('user'), { digest: token.digest })), 'session_token');
  },

  'consumeToken hands the token out once, marked used; an unknown digest is undefined': async (store) => {
    const token = newSessionToken(newId('user'), { amr: ['pwd', 'otp'], expires: at(5) });
    await store.sessions.insertToken(token);
    assert.deepEqual(await store.sessions.consumeToken(token.digest, at(2)), { ...token, used: at(2) });
    assert.equal(await store.sessions.consumeToken(token.digest, at(3)), undefined);
    assert.equal(await store.sessions.consumeToken(newSessionToken(token.userId).digest, at(2)), undefined);
  },

  'consumeToken refuses a token at or after its expiry': async (store) => {
    const token = newSessionToken(newId('user'), { expires: at(5) });
    await store.sessions.insertToken(token);
    assert.equal(await store.sessions.consumeToken(token.digest, at(5)), undefined);
    assert.equal(await store.sessions.consumeToken(token.digest, at(6)), undefined);
    assert.equal((await store.sessions.consumeToken(token.digest, at(4)))?.used, at(4), 'still redeemable before its expiry');
  },

  [`${RACERS} concurrent redemptions of one session token: exactly one gets it`]: async (store) => {
    const token = newSessionToken(newId('user'));
    await store.sessions.insertToken(token);
    const results = await together(RACERS, () => store.sessions.consumeToken(token.digest, at(1)));
    const got = results.filter((r) => r !== undefined);
    assert.equal(got.length, 1);
    assert.equal(got[0]?.digest, token.digest);
  },

  'sign-in state: none at first; failures count up; the lock is set; clearing forgets both': async (store) => {
    const user = newId('user');
    assert.equal(await store.sessions.getSignInState(user), undefined);
    assert.equal(await store.sessions.recordFailure(user, at(1)), 1);
    assert.equal(await store.sessions.recordFailure(user, at(2)), 2);
    assert.deepEqual(await store.sessions.getSignInState(user), { userId: user, failedAttempts: 2, lastFailure: at(2), lockedUntil: null });
    await store.sessions.setLockedUntil(user, at(60));
    assert.equal((await store.sessions.getSignInState(user))?.lockedUntil, at(60));
    await store.sessions.clearSignInState(user);
    assert.equal(await store.sessions.getSignInState(user), undefined);
    assert.equal(await store.sessions.recordFailure(user, at(3)), 1, 'counting starts over');
  },

  [`${RACERS} concurrent failures are all counted, each caller seeing a different count`]: async (store) => {
    const user = newId('user');
    const counts = await together(RACERS, (i) => store.sessions.recordFailure(user, at(i)));
    assert.deepEqual(
      [...counts].sort((a, b) => a - b),
      Array.from({ length: RACERS }, (_, i) => i + 1),
    );
    assert.equal((await store.sessions.getSignInState(user))?.failedAttempts, RACERS);
  },

  'purgeExpired deletes tokens that expired and sessions that expired or were revoked before the time, and nothing else': async (store) => {
    const user = newId('user');
    const expiredToken = newSessionToken(user, { expires: at(9) });
    const liveToken = newSessionToken(user, { expires: at(10) });
    const expired = newSession(user, { expires: at(9) });
    const revokedEarlier = newSession(user, { expires: at(100) });
    const revokedAtTheTime = newSession(user, { expires: at(100) });
    const live = newSession(user, { expires: at(10) });
    for (const session of [expired, revokedEarlier, revokedAtTheTime, live]) await store.sessions.insert(session);
    await store.sessions.insertToken(expiredToken);
    await store.sessions.insertToken(liveToken);
    await store.sessions.revoke(revokedEarlier.id, at(9));
    await store.sessions.revoke(revokedAtTheTime.id, at(10));
    await store.sessions.purgeExpired(at(10));
    assert.equal(await store.sessions.get(expired.id), undefined);
    assert.equal(await store.sessions.get(revokedEarlier.id), undefined);
    assert.notEqual(await store.sessions.get(revokedAtTheTime.id), undefined, 'the bound is exclusive');
    assert.notEqual(await store.sessions.get(live.id), undefined);
    assert.equal(await store.sessions.consumeToken(expiredToken.digest, at(8)), undefined, 'the expired token is gone');
    assert.notEqual(await store.sessions.consumeToken(liveToken.digest, at(8)), undefined);
  },
});
