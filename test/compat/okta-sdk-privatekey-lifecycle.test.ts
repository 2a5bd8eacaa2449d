/**
 * Compatibility: the token life of `@okta/okta-sdk-nodejs` 8.x in PrivateKey mode (issue #3). The
 * SDK keeps its token with no expiry handling and fetches a new one only after a 401, retrying the
 * call once (okta-sdk-wire.md §4.2). So an expired or revoked token must be a 401, after which the
 * SDK recovers by itself; a deactivated app must stay refused, its token refetch included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, form, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, expectOktaError, LiveClock, sdkPrivateKeyClient, shiftClientTime, type OAuthSdkClient } from './sdk-harness.js';

const MINUTE = 60_000;

/** The requests and statuses after `from`, as `METHOD /path STATUS`. */
function exchangesSince(sdk: OAuthSdkClient, from: number): string[] {
  return sdk.sent.slice(from).map((r, i) => `${r.method} ${new URL(r.url).pathname} ${sdk.received[from + i]?.status ?? '-'}`);
}

function bearerOf(sdk: OAuthSdkClient, index: number): string {
  return String(sdk.sent[index]?.headers['Authorization']).replace(/^Bearer /, '');
}

async function serviceClient(t: TestApp): Promise<{ app: ServiceApp; sdk: OAuthSdkClient }> {
  const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
  const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: app.privateJwk });
  await collect(await sdk.client.userApi.listUsers());
  assert.deepEqual(exchangesSince(sdk, 0), ['POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
  return { app, sdk };
}

/** Moves the server clock and this process's Date (the SDK's clock) together; returns the undo. */
function timePasses(t: TestApp, ms: number): () => void {
  t.clock.advance(ms);
  const undo = shiftClientTime(ms);
  return () => {
    undo();
    t.clock.advance(-ms);
  };
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs PrivateKey mode: token expiry, revocation, app deactivation (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock() });
    });
    after(() => t.close());

    it('an expired token gets a 401; the SDK fetches one new token and the call succeeds', async () => {
      const { sdk } = await serviceClient(t);
      // 59 minutes on, the token still works and is reused.
      let undo = timePasses(t, 59 * MINUTE);
      try {
        const mark = sdk.sent.length;
        await collect(await sdk.client.userApi.listUsers());
        assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 200']);
      } finally {
        undo();
      }
      // Past the hour (and the verifier's 30 s of skew): 401, one token request, the retry succeeds.
      undo = timePasses(t, 61 * MINUTE);
      try {
        const mark = sdk.sent.length;
        const users = await collect(await sdk.client.userApi.listUsers());
        assert.ok(users.length >= 1);
        assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 401', 'POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
        assert.match(String(sdk.received[mark]?.wwwAuthenticate), /^Bearer .*error="invalid_token"/);
        assert.notEqual(bearerOf(sdk, mark + 2), bearerOf(sdk, mark), 'the retry carries the new token');
      } finally {
        undo();
      }
    });

    it('a token revoked at /oauth2/v1/revoke gets a 401; the SDK fetches a new token and the call succeeds', async () => {
      const { app, sdk } = await serviceClient(t);
      const revoked = bearerOf(sdk, 1);
      const assertion = await clientAssertion(t, app, { aud: `${t.baseUrl}/oauth2/v1/revoke` });
      const res = await fetch(`${t.baseUrl}/oauth2/v1/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({
          token: revoked,
          token_type_hint: 'access_token',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
      });
      assert.equal(res.status, 200, await res.text());

      const mark = sdk.sent.length;
      await collect(await sdk.client.userApi.listUsers());
      assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 401', 'POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
      assert.equal(bearerOf(sdk, mark), revoked);
      assert.notEqual(bearerOf(sdk, mark + 2), revoked);
    });

    it('a deactivated app is refused with 401 E0000011, its token refetch too; reactivated, the SDK recovers', async () => {
      const { app, sdk } = await serviceClient(t);
      await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'INACTIVE' }));

      const mark = sdk.sent.length;
      await expectOktaError(collect(await sdk.client.userApi.listUsers()), 401, 'E0000011');
      assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 401', 'POST /oauth2/v1/token 401', 'GET /api/v1/users 401']);
      // The SDK does not check the token response's status: it caches the invalid_client body and
      // sends `Bearer undefined`, which must be a 401 too (okta-sdk-wire.md §4.2).
      assert.equal(sdk.sent[mark + 2]?.headers['Authorization'], 'Bearer undefined');

      await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'ACTIVE' }));
      const again = sdk.sent.length;
      await collect(await sdk.client.userApi.listUsers());
      assert.deepEqual(exchangesSince(sdk, again), ['GET /api/v1/users 401', 'POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
    });
  });
}
