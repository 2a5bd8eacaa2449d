/**
 * Compatibility: how `@okta/okta-sdk-nodejs` 8.x surfaces Tessera's errors (OktaApiError with
 * Okta's status, errorCode and causes in the message) and how it rides out a 429 using
 * `X-Rate-Limit-Reset` and `Date` (okta-sdk-wire.md §6, §8). The 429 suite watches both sides
 * of the wire through a recording proxy. It never waits: the SDK's executor records the back-off
 * it computes from our headers instead of sleeping it, and "time passing" is the proxy moving
 * the server's injected clock.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@okta/okta-sdk-nodejs';
import { ManualClock } from '../../src/clock.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { InstantRetryExecutor, expectOktaError, recordingProxy, sdkClient, type RecordingProxy } from './sdk-harness.js';

function newUser(login: string) {
  return { profile: { firstName: 'Err', lastName: 'Compat', email: login, login }, credentials: { password: { value: 'Sup3r-Secret!' } } };
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs error mapping (${kind})`, () => {
    let t: TestApp;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      client = sdkClient(t.baseUrl, t.admin.token).client;
    });
    after(() => t.close());

    it('surfaces a 404 as OktaApiError 404 E0000007', async () => {
      const error = await expectOktaError(client.userApi.getUser({ userId: '00u0000000000000000x' }), 404, 'E0000007');
      assert.match(error.message, /^Okta HTTP 404 E0000007 /);
      assert.ok(error.errorId, 'errorId is set');
      assert.ok(error.headers.get('x-okta-request-id'));
    });

    it('puts the causes of a validation error in the message', async () => {
      await client.userApi.createUser({ body: newUser('dup@example.com') });
      const error = await expectOktaError(client.userApi.createUser({ body: newUser('dup@example.com') }), 400, 'E0000001');
      const causes = (error.errorCauses ?? []).map((c) => c.errorSummary ?? '');
      assert.ok(causes.length >= 1, 'at least one cause');
      assert.ok(
        causes.some((c) => c.includes('login')),
        `a cause names login: ${causes.join(' | ')}`,
      );
      assert.equal(error.message, `Okta HTTP 400 E0000001 ${error.errorSummary}. ${causes.join('. ')}`);

      const missing = await expectOktaError(client.userApi.createUser({ body: { profile: { firstName: 'No', lastName: 'Login' } } }), 400, 'E0000001');
      assert.match(missing.message, /login/);
    });

    it('surfaces a bad search as a 400 naming the problem', async () => {
      const error = await expectOktaError(
        (async () => {
          for await (const user of await client.userApi.listUsers({ filter: 'profile.login eq' })) assert.fail(`unexpected ${String(user?.id)}`);
        })(),
        400,
        'E0000031',
      );
      assert.match(error.message, /filter/);
    });

    it('surfaces an unknown token as 401 E0000011 and a missing permission as 403 E0000006', async () => {
      const stranger = sdkClient(t.baseUrl, '00' + 'x'.repeat(40)).client;
      const error = await expectOktaError(stranger.userApi.getUser({ userId: 'me' }), 401, 'E0000011');
      assert.match(error.message, /Invalid token provided/);
      const reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
      const readOnly = sdkClient(t.baseUrl, reader.token).client;
      assert.equal((await readOnly.userApi.getUser({ userId: 'me' })).id, reader.user.id);
      await expectOktaError(readOnly.userApi.createUser({ body: newUser('nope@example.com') }), 403, 'E0000006');
    });
  });

  describe(`okta-sdk-nodejs 429 retry (${kind})`, () => {
    const windowMs = 60_000;
    let t: TestApp;
    let proxy: RecordingProxy;
    let client: Client;
    let executor: InstantRetryExecutor;
    before(async () => {
      // A clock 30 s into a rate-limit window, so the expected back-off is known exactly.
      const clock = new ManualClock(Math.floor(Date.now() / windowMs) * windowMs + 30_000);
      t = await startTestApp(kind, {
        listen: true,
        clock,
        config: { rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, users: 2 }, perCredentialShare: 0.5, windowMs } },
      });
      proxy = await recordingProxy(t.baseUrl);
      executor = new InstantRetryExecutor();
      client = sdkClient(proxy.url, t.admin.token, { requestExecutor: executor }).client;
    });
    after(async () => {
      await proxy.close();
      await t.close();
    });

    it('retries after X-Rate-Limit-Reset with X-Okta-Retry-For and X-Okta-Retry-Count, then succeeds', async () => {
      t.clock.advance(windowMs); // a fresh window: one request per token (half of a bucket of 2)
      proxy.exchanges.length = 0;
      executor.delays.length = 0;
      const limitedAt = t.clock.now();
      assert.equal((await client.userApi.getUser({ userId: 'me' })).id, t.admin.user.id);
      // The SDK's wait is time passing on the server: the proxy moves the clock past the reset.
      proxy.onResponse = (exchange) => {
        if (exchange.status === 429) t.clock.advance(windowMs);
      };
      try {
        assert.equal((await client.userApi.getUser({ userId: 'me' })).id, t.admin.user.id);
      } finally {
        proxy.onResponse = () => undefined;
      }
      assert.deepEqual(
        proxy.exchanges.map((e) => e.status),
        [200, 429, 200],
      );
      const [, limited, retried] = proxy.exchanges;
      assert.ok(limited !== undefined && retried !== undefined);
      const reset = header(limited.responseHeaders['x-rate-limit-reset']);
      assert.match(reset, /^\d{10}$/, 'X-Rate-Limit-Reset is one value in epoch seconds');
      const windowEnd = Math.floor(limitedAt / windowMs) * windowMs + windowMs;
      assert.equal(Number(reset), windowEnd / 1000, 'the reset is the end of the window');
      assert.equal(header(limited.responseHeaders['x-rate-limit-limit']), '1');
      assert.equal(header(limited.responseHeaders['x-rate-limit-remaining']), '0');
      assert.equal(Date.parse(header(limited.responseHeaders['date'])), Math.floor(limitedAt / 1000) * 1000, 'Date agrees with the reset clock');
      const limitedId = header(limited.responseHeaders['x-okta-request-id']);
      assert.ok(limitedId !== '');
      assert.equal(header(retried.requestHeaders['x-okta-retry-for']), limitedId);
      assert.equal(header(retried.requestHeaders['x-okta-retry-count']), '1');
      assert.equal(retried.requestHeaders['authorization'], limited.requestHeaders['authorization']);
      // The SDK would have waited until the reset plus its one-second margin (reset×1000 − Date + 1000).
      assert.deepEqual(executor.delays, [windowEnd - limitedAt + 1000]);
    });

    it('gives up after two retries with OktaApiError 429 E0000047', async () => {
      t.clock.advance(windowMs);
      proxy.exchanges.length = 0;
      executor.delays.length = 0;
      await client.userApi.getUser({ userId: 'me' });
      const error = await expectOktaError(client.userApi.getUser({ userId: 'me' }), 429, 'E0000047');
      assert.match(error.message, /^Okta HTTP 429 E0000047 /);
      const attempts = proxy.exchanges.slice(1);
      assert.deepEqual(
        attempts.map((e) => e.status),
        [429, 429, 429],
      );
      assert.equal(executor.delays.length, 2, 'two back-offs, then the error');
      const firstId = header(attempts[0]?.responseHeaders['x-okta-request-id']);
      assert.deepEqual(
        attempts.map((e) => [header(e.requestHeaders['x-okta-retry-for']), header(e.requestHeaders['x-okta-retry-count'])]),
        [
          ['', ''],
          [firstId, '1'],
          [firstId, '2'],
        ],
      );
    });
  });
}
