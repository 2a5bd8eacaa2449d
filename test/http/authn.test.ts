import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { PASSWORD, WRONG, authn, createUser, eventsOf, signInConfig, statusOf } from './sign-in.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`POST /api/v1/authn (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: signInConfig() });
    });
    after(() => t.close());

    it('signs a user in: SUCCESS with a one-time sessionToken valid 5 minutes and the user', async () => {
      const id = await createUser(t, 'ada@example.com');
      const res = await authn(t, 'ada@example.com', PASSWORD);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const body = res.json();
      assert.equal(body.status, 'SUCCESS');
      assert.match(body.sessionToken, /^20[A-Za-z0-9_-]{40}$/);
      assert.equal(Date.parse(body.expiresAt), t.clock.now() + 5 * 60_000);
      assert.deepEqual(body._embedded.user, {
        id,
        passwordChanged: body._embedded.user.passwordChanged,
        profile: { login: 'ada@example.com', firstName: 'ada', lastName: 'Tester', locale: 'en_US', timeZone: 'UTC' },
      });
      assert.ok(body._embedded.user.passwordChanged);
      // Never stored in clear: only its digest is in the database.
      const rows = await t.database.db.selectFrom('session_tokens').selectAll().execute();
      assert.ok(rows.length > 0 && rows.every((r) => r.digest !== body.sessionToken && !r.digest.includes(body.sessionToken)));
      const events = await eventsOf(t, 'user.session.start', id);
      assert.equal(events.at(-1)?.outcome.result, 'SUCCESS');
      assert.equal(events.at(-1)?.actor.id, id);
    });

    it('is served the same with an Authorization header (the SDK sends its API token) and matches logins case-insensitively', async () => {
      const res = await authn(t, 'ADA@example.com', PASSWORD, { authorization: `SSWS ${t.admin.token}` });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'SUCCESS');
      const bearer = await authn(t, 'ada@example.com', PASSWORD, { authorization: 'Bearer not-a-token' });
      assert.equal(bearer.statusCode, 200, bearer.body);
    });

    it('a wrong password and an unknown user get the same 401 E0000004 answer', async () => {
      const wrong = await authn(t, 'ada@example.com', WRONG);
      const unknown = await authn(t, 'nobody@example.com', WRONG);
      for (const res of [wrong, unknown]) {
        assert.equal(res.statusCode, 401);
        const { errorId, ...rest } = res.json();
        assert.match(errorId, /^oae/);
        assert.deepEqual(rest, { errorCode: 'E0000004', errorSummary: 'Authentication failed', errorLink: 'E0000004', errorCauses: [] });
      }
      const headers = (r: typeof wrong) =>
        Object.keys(r.headers)
          .filter((h) => !['date', 'x-okta-request-id', 'content-length'].includes(h))
          .sort();
      assert.deepEqual(headers(wrong), headers(unknown));
      assert.equal(wrong.body.length, unknown.body.length);
      // Reset the counter for the next tests.
      assert.equal((await authn(t, 'ada@example.com', PASSWORD)).statusCode, 200);
    });

    it('an unknown user costs a password hash too (no timing oracle on who exists)', async () => {
      const timed = async (username: string): Promise<number> => {
        const started = performance.now();
        assert.equal((await authn(t, username, WRONG)).statusCode, 401);
        return performance.now() - started;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      // Interleaved, so that load on the machine weighs on both alike; medians, so one outlier does not decide.
      for (let i = 0; i < 5; i++) {
        known.push(await timed('ada@example.com'));
        unknown.push(await timed(`ghost${i}@example.com`));
      }
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[2] ?? 0;
      // Without the dummy hash an unknown user answers in a few ms, a known one after a full password hash.
      assert.ok(median(unknown) > median(known) * 0.3, `unknown ${median(unknown).toFixed(1)} ms vs known ${median(known).toFixed(1)} ms`);
      // Five failures locked ada out (a locked user's attempt costs the same hash); let her back in.
      const ada = (await t.store.users.getByLogin('ada@example.com'))?.id ?? '';
      assert.equal((await t.request('POST', `/api/v1/users/${ada}/lifecycle/unlock`)).statusCode, 200);
      assert.equal((await authn(t, 'ada@example.com', PASSWORD)).statusCode, 200);
    });

    it('refuses a missing password with 400 E0000001 naming it', async () => {
      const res = await t.request('POST', '/api/v1/authn', { token: null, body: { username: 'ada@example.com' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errorCode, 'E0000001');
      assert.match(res.json().errorCauses[0].errorSummary, /password/);
    });

    it('locks the user out after 3 failures: LOCKED_OUT for admins, the same 401 for the client, even with the right password', async () => {
      const id = await createUser(t, 'locked@example.com');
      for (let i = 0; i < 3; i++) assert.equal((await authn(t, 'locked@example.com', WRONG)).statusCode, 401);
      assert.equal(await statusOf(t, id), 'LOCKED_OUT');
      const right = await authn(t, 'locked@example.com', PASSWORD);
      assert.equal(right.statusCode, 401);
      assert.equal(right.json().errorCode, 'E0000004');
      assert.equal((await eventsOf(t, 'user.account.lock', id)).length, 1);
      const failures = await eventsOf(t, 'user.session.start', id);
      assert.equal(failures.at(-1)?.outcome.reason, 'LOCKED_OUT');

      const unlocked = await t.request('POST', `/api/v1/users/${id}/lifecycle/unlock`);
      assert.equal(unlocked.statusCode, 200, unlocked.body);
      assert.equal(await statusOf(t, id), 'ACTIVE');
      // The counter starts again from zero: one failure does not lock again.
      assert.equal((await authn(t, 'locked@example.com', WRONG)).statusCode, 401);
      assert.equal(await statusOf(t, id), 'ACTIVE');
      assert.equal((await authn(t, 'locked@example.com', PASSWORD)).statusCode, 200);
    });

    it('a success resets the failure counter', async () => {
      const id = await createUser(t, 'reset@example.com');
      for (let i = 0; i < 2; i++) await authn(t, 'reset@example.com', WRONG);
      assert.equal((await authn(t, 'reset@example.com', PASSWORD)).statusCode, 200);
      for (let i = 0; i < 2; i++) await authn(t, 'reset@example.com', WRONG);
      assert.equal(await statusOf(t, id), 'ACTIVE');
    });

    it('suspended, deactivated and staged users cannot sign in, with the right password', async () => {
      const suspended = await createUser(t, 'suspended@example.com');
      assert.equal((await t.request('POST', `/api/v1/users/${suspended}/lifecycle/suspend`)).statusCode, 200);
      const deactivated = await createUser(t, 'gone@example.com');
      assert.equal((await t.request('POST', `/api/v1/users/${deactivated}/lifecycle/deactivate`)).statusCode, 200);
      await createUser(t, 'staged@example.com', { activate: false });
      for (const login of ['suspended@example.com', 'gone@example.com', 'staged@example.com']) {
        const res = await authn(t, login, PASSWORD);
        assert.equal(res.statusCode, 401, login);
        assert.equal(res.json().errorCode, 'E0000004');
      }
      // Their failures do not lock them (nothing to lock): the status is unchanged.
      assert.equal(await statusOf(t, suspended), 'SUSPENDED');
    });
  });

  describe(`POST /api/v1/authn with a lockout that lifts by itself (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: signInConfig({ durationMs: 15 * 60_000 }) });
    });
    after(() => t.close());

    it('stays locked until the time is up, then signs in and the user is ACTIVE again', async () => {
      const id = await createUser(t, 'timed@example.com');
      for (let i = 0; i < 3; i++) await authn(t, 'timed@example.com', WRONG);
      assert.equal(await statusOf(t, id), 'LOCKED_OUT');
      t.clock.advance(14 * 60_000);
      assert.equal((await authn(t, 'timed@example.com', PASSWORD)).statusCode, 401);
      t.clock.advance(60_000);
      const res = await authn(t, 'timed@example.com', PASSWORD);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await statusOf(t, id), 'ACTIVE');
      const unlocks = await eventsOf(t, 'user.account.unlock', id);
      assert.equal(unlocks.length, 1);
      assert.equal(unlocks[0]?.actor.type, 'SystemPrincipal');
    });
  });
}
