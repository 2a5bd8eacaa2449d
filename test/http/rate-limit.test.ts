/**
 * Okta-style rate limits: X-Rate-Limit-* headers on every /api/v1 response, 429 E0000047 beyond
 * the bucket, at most half a bucket per credential, windows that reset (moved with the manual
 * clock, never slept through), limits taken from the configuration.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { storeKinds } from '../helpers/databases.js';

const WINDOW_MS = 60_000;

interface RateHeaders {
  readonly limit: number;
  readonly remaining: number;
  readonly reset: number;
}

function rateHeaders(res: LightMyRequestResponse): RateHeaders {
  const read = (name: string): number => {
    const value = res.headers[name];
    assert.equal(typeof value, 'string', `${name} is missing on ${res.statusCode}`);
    assert.match(String(value), /^\d+$/, name);
    return Number(value);
  };
  return { limit: read('x-rate-limit-limit'), remaining: read('x-rate-limit-remaining'), reset: read('x-rate-limit-reset') };
}

for (const kind of await storeKinds()) {
  describe(`rate limits (${kind})`, () => {
    let t: TestApp;
    let second: TestPrincipal;
    let third: TestPrincipal;
    let windowEnd = 0;

    before(async () => {
      t = await startTestApp(kind, {
        config: { rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, users: 4, logs: 6 }, perCredentialShare: 0.5, windowMs: WINDOW_MS } },
      });
      second = await userWithRoles(t, 'second.rl@example.com', ['SUPER_ADMIN']);
      third = await userWithRoles(t, 'third.rl@example.com', ['SUPER_ADMIN']);
    });
    after(() => t.close());

    // Every test starts at the beginning of a fresh window.
    beforeEach(() => {
      const now = t.clock.now();
      t.clock.set(now - (now % WINDOW_MS) + WINDOW_MS);
      windowEnd = t.clock.now() + WINDOW_MS;
    });

    const getUser = (token?: string, authorization?: string) =>
      t.request('GET', `/api/v1/users/${t.admin.user.id}`, authorization !== undefined ? { authorization } : token !== undefined ? { token } : {});

    it('sends X-Rate-Limit-Limit, -Remaining and -Reset (epoch seconds) and a Date on every response', async () => {
      const ok = await getUser();
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(rateHeaders(ok), { limit: 2, remaining: 1, reset: windowEnd / 1000 });
      assert.equal(ok.headers['date'], new Date(t.clock.now()).toUTCString());
      const unauthenticated = await getUser('00' + 'q'.repeat(40));
      assert.equal(unauthenticated.statusCode, 401);
      assert.deepEqual(rateHeaders(unauthenticated), { limit: 2, remaining: 1, reset: windowEnd / 1000 });
      const anonymous = await t.request('GET', '/api/v1/users', { token: null });
      assert.equal(anonymous.statusCode, 403);
      assert.deepEqual(rateHeaders(anonymous), { limit: 2, remaining: 1, reset: windowEnd / 1000 }, 'three of the bucket’s four are used');
      const missing = await t.request('GET', '/api/v1/no-such-thing');
      assert.equal(missing.statusCode, 404);
      assert.equal(rateHeaders(missing).limit, Math.floor(DEFAULT_RATE_LIMITS.default / 2));
    });

    it('answers 429 E0000047 beyond a credential’s half of the bucket, with the headers the SDK retries on', async () => {
      assert.equal((await getUser()).statusCode, 200);
      assert.equal((await getUser()).statusCode, 200);
      const refused = await getUser();
      assert.equal(refused.statusCode, 429);
      const body = refused.json<{ errorCode: string; errorSummary: string; errorCauses: unknown[] }>();
      assert.equal(body.errorCode, 'E0000047');
      assert.equal(body.errorSummary, 'API call exceeded rate limit due to too many requests.');
      assert.deepEqual(rateHeaders(refused), { limit: 2, remaining: 0, reset: windowEnd / 1000 });
      assert.ok(refused.headers['x-okta-request-id']);
      // The SDK waits Reset × 1000 − Date + 1 s: the two headers come from the same clock.
      const wait = rateHeaders(refused).reset * 1000 - Date.parse(String(refused.headers['date']));
      assert.ok(wait > 0 && wait <= WINDOW_MS, `wait ${wait}`);
    });

    it('lets two credentials use the whole bucket together, and refuses a third once it is spent', async () => {
      for (const token of [t.admin.token, t.admin.token, second.token, second.token]) {
        assert.equal((await getUser(token)).statusCode, 200);
      }
      const third1 = await getUser(third.token);
      assert.equal(third1.statusCode, 429, 'the bucket is spent even though this token used nothing');
      assert.equal(rateHeaders(third1).remaining, 0);
      // Other families keep their own buckets.
      assert.equal((await t.request('GET', '/api/v1/logs?limit=1', { token: third.token })).statusCode, 200);
    });

    it('counts one token as one credential whatever the scheme’s case', async () => {
      assert.equal((await getUser(undefined, `SSWS ${t.admin.token}`)).statusCode, 200);
      assert.equal((await getUser(undefined, `ssws ${t.admin.token}`)).statusCode, 200);
      assert.equal((await getUser(undefined, `Ssws  ${t.admin.token}`)).statusCode, 429);
    });

    it('resets the window when the clock passes X-Rate-Limit-Reset', async () => {
      await getUser();
      const last = await getUser();
      assert.equal((await getUser()).statusCode, 429);
      t.clock.set(rateHeaders(last).reset * 1000 - 1);
      assert.equal((await getUser()).statusCode, 429, 'not before the reset');
      t.clock.set(rateHeaders(last).reset * 1000);
      const fresh = await getUser();
      assert.equal(fresh.statusCode, 200);
      assert.deepEqual(rateHeaders(fresh), { limit: 2, remaining: 1, reset: rateHeaders(last).reset + WINDOW_MS / 1000 });
    });

    it('writes nothing for a refused request', async () => {
      await getUser();
      await getUser();
      const refused = await t.request('POST', '/api/v1/users', {
        body: { profile: { login: 'never.rl@example.com', email: 'never.rl@example.com', firstName: 'N', lastName: 'R' } },
      });
      assert.equal(refused.statusCode, 429);
      assert.equal(await t.store.users.getByLogin('never.rl@example.com'), undefined);
    });
  });
}
