/**
 * Compatibility: the published `openid-client` 6.x (on oauth4webapi), unmodified, against Tessera's
 * org authorization server (issue #3): discovery, `clientCredentialsGrant` with `PrivateKeyJwt`
 * (its assertion's `aud` is the issuer, and it sends `client_id` in the form), and DPoP with its
 * own ES256 key and a minimal `jwk`, retrying once on `use_dpop_nonce` (okta-sdk-wire.md §12).
 * The tokens it gets must work on the Management API. http needs `allowInsecureRequests`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import * as client from 'openid-client';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { decodeJws, LiveClock } from './sdk-harness.js';

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly form: URLSearchParams | undefined;
  readonly status: number;
  readonly dpopNonce: string | null;
}

type Fetcher = NonNullable<client.DiscoveryRequestOptions[typeof client.customFetch]>;

/** openid-client's documented `customFetch` hook, recording both sides of every exchange. */
function recordingFetch(log: Exchange[]): Fetcher {
  return async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    const body = options.body;
    log.push({
      method: options.method,
      path: new URL(url).pathname,
      headers: options.headers,
      form: body instanceof URLSearchParams ? new URLSearchParams(body) : typeof body === 'string' ? new URLSearchParams(body) : undefined,
      status: response.status,
      dpopNonce: response.headers.get('dpop-nonce'),
    });
    return response;
  };
}

/** openid-client throws on any response carrying a WWW-Authenticate challenge: returns the parsed challenge. */
async function challenged(call: Promise<Response>, status: number): Promise<client.WWWAuthenticateChallenge> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof client.WWWAuthenticateChallengeError, String(error));
    assert.equal(error.status, status);
    const [challenge, ...others] = error.cause;
    assert.ok(challenge !== undefined && others.length === 0, 'one challenge');
    return challenge;
  }
  assert.fail(`expected a ${status} with a WWW-Authenticate challenge`);
}

async function configure(t: TestApp, app: ServiceApp, log: Exchange[], withKid = true): Promise<client.Configuration> {
  const key = withKid ? { key: app.privateKey, kid: app.kid } : app.privateKey;
  return client.discovery(new URL(t.baseUrl), app.clientId, undefined, client.PrivateKeyJwt(key), {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: recordingFetch(log),
  });
}

for (const kind of await storeKinds()) {
  describe(`openid-client 6.x against the org authorization server (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock() });
    });
    after(() => t.close());

    it('discovers the server and gets a token with private_key_jwt that works on the Management API', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const log: Exchange[] = [];
      const config = await configure(t, app, log);
      const metadata = config.serverMetadata();
      assert.equal(metadata.issuer, t.baseUrl);
      assert.equal(metadata.token_endpoint, `${t.baseUrl}/oauth2/v1/token`);
      assert.deepEqual(
        log.map((e) => `${e.method} ${e.path} ${e.status}`),
        ['GET /.well-known/openid-configuration 200'],
      );

      const tokens = await client.clientCredentialsGrant(config, { scope: 'okta.users.read okta.users.manage' });
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.scope, 'okta.users.read', 'ungranted scopes are dropped');
      // expiresIn() counts down from the response on the wall clock, so it may already read 3599.
      const remaining = tokens.expiresIn() ?? 0;
      assert.ok(remaining >= 3599 && remaining <= 3600, `expiresIn() = ${remaining}`);
      const claims = decodeJws(tokens.access_token).payload;
      assert.equal(Number(claims['exp']) - Number(claims['iat']), 3600, 'the token lives one hour');

      // Its request: client_id in the form, and an assertion whose audience is the issuer.
      const request = log[1];
      assert.equal(`${request?.method} ${request?.path} ${request?.status}`, 'POST /oauth2/v1/token 200');
      assert.equal(request?.form?.get('client_id'), app.clientId);
      const assertion = decodeJws(request?.form?.get('client_assertion') ?? '');
      assert.equal(assertion.payload['aud'], t.baseUrl);
      assert.equal(assertion.header['kid'], app.kid);

      const users = await client.fetchProtectedResource(config, tokens.access_token, new URL(`${t.baseUrl}/api/v1/users`), 'GET');
      assert.equal(users.status, 200);
      assert.ok(Array.isArray(await users.json()));
      const body = JSON.stringify({ profile: { login: 'oc@example.com', email: 'oc@example.com', firstName: 'O', lastName: 'C' } });
      const refused = await challenged(
        client.fetchProtectedResource(
          config,
          tokens.access_token,
          new URL(`${t.baseUrl}/api/v1/users`),
          'POST',
          body,
          new Headers({ 'content-type': 'application/json' }),
        ),
        403,
      );
      assert.equal(refused.scheme, 'bearer');
      assert.equal(refused.parameters['error'], 'insufficient_scope');
      assert.equal(refused.parameters['scope'], 'okta.users.manage');
    });

    it('introspects and revokes its token (aud = the issuer); the revoked token is refused at once', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const log: Exchange[] = [];
      // No kid in its assertions: the server tries each active key of the app.
      const config = await configure(t, app, log, false);
      const tokens = await client.clientCredentialsGrant(config, { scope: 'okta.users.read' });
      assert.equal(decodeJws(log[1]?.form?.get('client_assertion') ?? '').header['kid'], undefined);

      const active = await client.tokenIntrospection(config, tokens.access_token);
      assert.equal(active.active, true);
      assert.equal(active.client_id, app.clientId);
      assert.equal(active.scope, 'okta.users.read');
      assert.equal(active.token_type, 'Bearer');
      assert.equal(active.sub, app.clientId);
      assert.equal(active.iss, t.baseUrl);

      await client.tokenRevocation(config, tokens.access_token);
      assert.deepEqual(
        log.slice(2).map((e) => `${e.method} ${e.path} ${e.status}`),
        ['POST /oauth2/v1/introspect 200', 'POST /oauth2/v1/revoke 200'],
      );
      assert.equal((await client.tokenIntrospection(config, tokens.access_token)).active, false);
      const refused = await challenged(client.fetchProtectedResource(config, tokens.access_token, new URL(`${t.baseUrl}/api/v1/users`), 'GET'), 401);
      assert.equal(refused.parameters['error'], 'invalid_token');
    });

    it('with DPoP: one use_dpop_nonce retry, an ES256-bound token, and DPoP calls to the Management API', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      const log: Exchange[] = [];
      const config = await configure(t, app, log);
      const keyPair = await client.randomDPoPKeyPair('ES256');
      const dpop = client.getDPoPHandle(config, keyPair);

      const tokens = await client.clientCredentialsGrant(config, { scope: 'okta.users.read' }, { DPoP: dpop });
      assert.equal(tokens.token_type, 'dpop');
      const tokenCalls = log.filter((e) => e.path === '/oauth2/v1/token');
      assert.deepEqual(
        tokenCalls.map((e) => e.status),
        [400, 200],
      );
      const nonce = tokenCalls[0]?.dpopNonce;
      assert.ok(typeof nonce === 'string' && nonce !== '');
      const [first, second] = tokenCalls.map((e) => decodeJws(String(e.headers['dpop'])));
      assert.equal(first?.header['alg'], 'ES256');
      assert.deepEqual(Object.keys(first?.header['jwk'] as object).sort(), ['crv', 'kty', 'x', 'y']);
      assert.equal(first?.payload['nonce'], undefined);
      assert.equal(second?.payload['nonce'], nonce);
      const publicJwk = await exportJWK(keyPair.publicKey);
      assert.deepEqual(decodeJws(tokens.access_token).payload['cnf'], { jkt: await calculateJwkThumbprint(publicJwk, 'sha256') });

      const url = new URL(`${t.baseUrl}/api/v1/users?limit=1`);
      const users = await client.fetchProtectedResource(config, tokens.access_token, url, 'GET', undefined, undefined, { DPoP: dpop });
      assert.equal(users.status, 200, await users.clone().text());
      const sent = log.at(-1);
      assert.match(String(sent?.headers['authorization']), /^DPoP /);
      assert.equal(decodeJws(String(sent?.headers['dpop'])).payload['htu'], `${t.baseUrl}/api/v1/users`);

      // Without its proof the bound token is refused.
      const asBearer = await challenged(client.fetchProtectedResource(config, tokens.access_token, url, 'GET'), 401);
      assert.equal(asBearer.scheme, 'dpop');
      assert.equal(asBearer.parameters['error'], 'invalid_token');
    });
  });
}
