/**
 * Compatibility: `@okta/okta-sdk-nodejs` 8.x in PrivateKey mode against an app that requires
 * DPoP-bound tokens (issue #3, RFC 9449). The SDK switches to DPoP only after a `use_dpop_nonce`
 * answer carrying a `DPoP-Nonce` header, then sends `Authorization: DPoP <token>` with a fresh
 * RS256 proof per request (htm, htu without the query, ath, no nonce), `Link` next pages included
 * (okta-sdk-wire.md §5). On a 401 it redoes both token calls.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, form } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  collect,
  decodeJws,
  expectOktaError,
  InstantRetryExecutor,
  LiveClock,
  sdkPrivateKeyClient,
  type OAuthSdkClient,
  type SentRequest,
} from './sdk-harness.js';

function exchangesSince(sdk: OAuthSdkClient, from: number): string[] {
  return sdk.sent.slice(from).map((r, i) => `${r.method} ${new URL(r.url).pathname} ${sdk.received[from + i]?.status ?? '-'}`);
}

function proofOf(request: SentRequest | undefined) {
  assert.ok(request !== undefined);
  const proof = request.headers['DPoP'];
  assert.ok(typeof proof === 'string', `a DPoP proof on ${request.method} ${request.url}`);
  return decodeJws(proof);
}

function tokenOf(request: SentRequest | undefined): string {
  const authorization = String(request?.headers['Authorization']);
  assert.match(authorization, /^DPoP [\w-]+\.[\w-]+\.[\w-]+$/);
  return authorization.slice('DPoP '.length);
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs PrivateKey mode with a DPoP-bound app (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock() });
      for (let i = 0; i < 4; i++) {
        const res = await t.request('POST', '/api/v1/users?activate=false', {
          body: { profile: { login: `dpop${i}@example.com`, email: `dpop${i}@example.com`, firstName: 'D', lastName: String(i) } },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
    });
    after(() => t.close());

    it('does the nonce handshake, then lists users across pages with DPoP proofs; a creation is refused with 403', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: app.privateJwk });
      const users = await collect(await sdk.client.userApi.listUsers({ limit: 2 }));
      const expected = (await t.request('GET', '/api/v1/users?limit=200')).json<{ id: string }[]>().map((u) => u.id);
      assert.deepEqual(
        users.map((u) => u.id),
        expected,
      );

      const [challenge, issued, ...pages] = exchangesSince(sdk, 0);
      assert.equal(challenge, 'POST /oauth2/v1/token 400');
      assert.equal(issued, 'POST /oauth2/v1/token 200');
      assert.ok(pages.length >= 3 && pages.every((p) => /^GET \/api\/v1\/users 200$/.test(p)), pages.join(', '));

      // The nonce: demanded with a DPoP-Nonce header, then carried by the second proof only.
      const nonce = sdk.received[0]?.dpopNonce;
      assert.ok(typeof nonce === 'string' && nonce !== '');
      assert.equal(proofOf(sdk.sent[0]).payload['nonce'], undefined);
      assert.equal(proofOf(sdk.sent[1]).payload['nonce'], nonce);

      // The token is bound to the app's own key (the SDK signs proofs with the assertion key).
      const token = tokenOf(sdk.sent[2]);
      const claims = decodeJws(token).payload;
      assert.deepEqual(claims['cnf'], { jkt: await calculateJwkThumbprint(app.publicJwk, 'sha256') });
      const ath = createHash('sha256').update(token).digest('base64url');
      for (const request of sdk.sent.slice(2)) {
        assert.equal(tokenOf(request), token);
        const proof = proofOf(request);
        assert.equal(proof.header['typ'], 'dpop+jwt');
        assert.equal(proof.header['alg'], 'RS256');
        assert.equal(proof.payload['htm'], 'GET');
        assert.equal(proof.payload['htu'], request.url.split('?')[0]);
        assert.equal(proof.payload['ath'], ath);
        assert.equal(proof.payload['nonce'], undefined, 'no nonce at the resource server');
      }
      const nextPage = sdk.sent[3];
      assert.match(String(nextPage?.url), /[?&]after=/, 'the second page is the Link URL, query and all');
      assert.equal(new Set(sdk.sent.slice(2).map((r) => proofOf(r).payload['jti'])).size, sdk.sent.length - 2, 'a new proof per request');

      const mark = sdk.sent.length;
      await expectOktaError(
        sdk.client.userApi.createUser({
          body: { profile: { login: 'dpop-refused@example.com', email: 'dpop-refused@example.com', firstName: 'D', lastName: 'R' } },
        }),
        403,
        'E0000006',
      );
      assert.deepEqual(exchangesSince(sdk, mark), ['POST /api/v1/users 403']);
      assert.match(String(sdk.received.at(-1)?.wwwAuthenticate), /^DPoP .*scope="okta\.users\.manage".*error="insufficient_scope"/);
    });

    it('a revoked DPoP token gets a 401; the SDK redoes the nonce handshake and the call succeeds', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: JSON.stringify(app.privateJwk) });
      await collect(await sdk.client.userApi.listUsers());
      const first = tokenOf(sdk.sent[2]);
      const assertion = await clientAssertion(t, app, { aud: `${t.baseUrl}/oauth2/v1/revoke` });
      const revoked = await fetch(`${t.baseUrl}/oauth2/v1/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ token: first, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
      });
      assert.equal(revoked.status, 200);

      const mark = sdk.sent.length;
      await collect(await sdk.client.userApi.listUsers());
      assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 401', 'POST /oauth2/v1/token 400', 'POST /oauth2/v1/token 200', 'GET /api/v1/users 200']);
      assert.match(String(sdk.received[mark]?.wwwAuthenticate), /^DPoP .*error="invalid_token"/);
      assert.notEqual(tokenOf(sdk.sent[mark + 3]), first);
    });

    it('works with a trailing-slash orgUrl: the proof names the //api/v1/... URL the SDK actually requested', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const sdk = sdkPrivateKeyClient(`${t.baseUrl}/`, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: app.privateJwk });
      const users = await collect(await sdk.client.userApi.listUsers({ limit: 200 }));
      assert.ok(users.length >= 1);
      assert.deepEqual(exchangesSince(sdk, 0), ['POST /oauth2/v1/token 400', 'POST /oauth2/v1/token 200', 'GET //api/v1/users 200']);
      assert.equal(proofOf(sdk.sent[2]).payload['htu'], `${t.baseUrl}//api/v1/users`);
    });

    it("the SDK's DPoP token is refused as Bearer, and its proofs cannot be replayed", async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: app.privateJwk });
      await collect(await sdk.client.userApi.listUsers());
      const last = sdk.sent.at(-1);
      assert.ok(last !== undefined);
      const asBearer = await fetch(last.url, { headers: { authorization: `Bearer ${tokenOf(last)}` } });
      assert.equal(asBearer.status, 401);
      assert.equal(((await asBearer.json()) as { errorCode: string }).errorCode, 'E0000011');
      const replayed = await fetch(last.url, { headers: { authorization: String(last.headers['Authorization']), dpop: String(last.headers['DPoP']) } });
      assert.equal(replayed.status, 401);
      assert.match(String(replayed.headers.get('www-authenticate')), /^DPoP .*error="invalid_dpop_proof"/);
    });
  });

  describe(`okta-sdk-nodejs PrivateKey mode, DPoP-bound app, 429 retry (${kind})`, () => {
    const windowMs = 60_000;
    let t: TestApp;
    before(async () => {
      // One /api/v1/users request per credential per window (half of a bucket of 2).
      t = await startTestApp(kind, {
        listen: true,
        clock: new LiveClock(),
        config: { rateLimit: { perMinute: { ...DEFAULT_RATE_LIMITS, users: 2 }, perCredentialShare: 0.5, windowMs } },
      });
    });
    after(() => t.close());

    it('a 429 retry resends the same DPoP proof: it is accepted, with no token refresh', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const executor = new InstantRetryExecutor();
      const sdk = sdkPrivateKeyClient(t.baseUrl, {
        clientId: app.clientId,
        scopes: ['okta.users.read'],
        privateKey: app.privateJwk,
        requestExecutor: executor,
      });
      // The SDK's wait is time passing on the server: a 429 moves the clock into the next window.
      sdk.client.requestExecutor.on('response', (response: { status: number }) => {
        if (response.status === 429) t.clock.advance(windowMs);
      });
      await collect(await sdk.client.userApi.listUsers());
      const mark = sdk.sent.length;
      await collect(await sdk.client.userApi.listUsers());
      assert.deepEqual(exchangesSince(sdk, mark), ['GET /api/v1/users 429', 'GET /api/v1/users 200']);
      assert.equal(executor.delays.length, 1);
      const [limited, retried] = sdk.sent.slice(mark);
      assert.equal(retried?.headers['DPoP'], limited?.headers['DPoP'], 'the retry is a copy of the refused request, proof included');
      assert.equal(String(retried?.headers['X-Okta-Retry-Count']), '1');
    });
  });
}
