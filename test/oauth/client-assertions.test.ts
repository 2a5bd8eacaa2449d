/**
 * POST /oauth2/v1/token with grant_type=client_credentials and private_key_jwt (RFC 7523 §3,
 * Okta's org authorization server): every bad client assertion is a 401 invalid_client with
 * Okta's precise description; request-level mistakes are 400s; scopes are cut down to what the
 * app was granted. Time only moves through `t.clock`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportSPKI, importJWK, type CryptoKey } from 'jose';
import { buildApp, type App } from '../../src/app.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import {
  addClientKey,
  assertionClaims,
  assertOAuthError,
  basic,
  customAssertion,
  insertOidcApp,
  jwtParts,
  nowSeconds,
  OAUTH_TEST_CONFIG,
  postForm,
  signJwt,
  tokenForm,
  unsignedJwt,
  JWT_BEARER,
} from './oauth-fixtures.js';

const GENERIC = 'Client authentication failed. Either the client or the client credentials are invalid.';
const KEY_IN_HEADER = 'The client_assertion must not carry its own key (jwk, jku, x5u, x5c): it is verified with the keys registered for the client.';

for (const kind of await storeKinds()) {
  describe(`client assertions at the token endpoint (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;
    let other: ServiceApp;
    let inactiveKey: { kid: string; privateKey: CryptoKey };
    let secondKey: { kid: string; privateKey: CryptoKey };
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createServiceApp(t, { scopes: ['okta.users.read', 'okta.groups.read'], roles: ['READ_ONLY_ADMIN'] });
      other = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      inactiveKey = await addClientKey(t, client, { status: 'INACTIVE' });
      secondKey = await addClientKey(t, client);
    });
    after(() => t.close());

    const token = (assertion: string, scope = 'okta.users.read') => postForm(t, '/oauth2/v1/token', tokenForm(assertion, scope));

    describe('each bad assertion is 401 invalid_client with its reason', () => {
      const cases: ReadonlyArray<readonly [string, () => Promise<string>, string]> = [
        [
          'expired',
          () => customAssertion(t, client, { claims: { iat: nowSeconds(t) - 400, exp: nowSeconds(t) - 60 } }),
          'The client_assertion token is expired.',
        ],
        [
          'exp more than an hour ahead',
          () => customAssertion(t, client, { claims: { exp: nowSeconds(t) + 7200 } }),
          'The client_assertion token has an expiration too far into the future.',
        ],
        [
          'no exp',
          () => customAssertion(t, client, { claims: { exp: undefined } }),
          "The client_assertion must contain the 'exp' claim as seconds since epoch.",
        ],
        [
          'iat in the future (beyond the 30 s skew)',
          () => customAssertion(t, client, { claims: { iat: nowSeconds(t) + 120 } }),
          'The client_assertion token must be issued before the current time.',
        ],
        [
          'aud of another server',
          () => customAssertion(t, client, { claims: { aud: 'https://evil.example/oauth2/v1/token' } }),
          'The audience claim for client_assertion must be the endpoint invoked for the request.',
        ],
        [
          'aud of another endpoint of ours',
          () => customAssertion(t, client, { claims: { aud: `${t.config.orgUrl}/oauth2/v1/introspect` } }),
          'The audience claim for client_assertion must be the endpoint invoked for the request.',
        ],
        ['unknown kid', () => customAssertion(t, client, { header: { kid: 'no-such-kid' } }), 'The client_assertion JWT kid is invalid.'],
        [
          'signed by another app’s key under our kid',
          () => customAssertion(t, client, { key: other.privateKey }),
          'The client_assertion signature is invalid.',
        ],
        [
          'signed by another app’s key under its kid',
          () => customAssertion(t, client, { header: { kid: other.kid }, key: other.privateKey }),
          'The client_assertion JWT kid is invalid.',
        ],
        [
          'signed by a deactivated key',
          () => customAssertion(t, client, { header: { kid: inactiveKey.kid }, key: inactiveKey.privateKey }),
          'The client_assertion JWT kid is invalid.',
        ],
        ['alg none', async () => unsignedJwt(assertionClaims(t, client)), 'The client_assertion JWT signature algorithm is invalid.'],
        [
          'HS256 with the public key’s bytes as the secret',
          async () =>
            signJwt({ alg: 'HS256', typ: 'JWT', kid: client.kid }, assertionClaims(t, client), Buffer.from(await exportSPKI(await importPublic(client)))),
          'The client_assertion JWT signature algorithm is invalid.',
        ],
        [
          'RS384 with a key registered for RS256',
          async () => customAssertion(t, client, { header: { alg: 'RS384' }, key: await importJWK(client.privateJwk, 'RS384') }),
          'The client_assertion JWT signature algorithm is invalid.',
        ],
        ['a jwk header', () => customAssertion(t, client, { header: { jwk: client.publicJwk } }), KEY_IN_HEADER],
        ['a jku header', () => customAssertion(t, client, { header: { jku: 'https://evil.example/jwks' } }), KEY_IN_HEADER],
        ['an x5c header', () => customAssertion(t, client, { header: { x5c: ['MIIB'] } }), KEY_IN_HEADER],
        ['iss ≠ sub', () => customAssertion(t, client, { claims: { iss: other.clientId } }), 'The issuer claim for client_assertion is not a valid client_id.'],
        ['no sub', () => customAssertion(t, client, { claims: { sub: undefined } }), 'The subject claim for client_assertion is not a valid client_id.'],
        ['a sub naming no client', () => customAssertion(t, client, { claims: { iss: '0oaNoSuchClient000000', sub: '0oaNoSuchClient000000' } }), GENERIC],
        ['a tampered payload', async () => tamper(await clientAssertion(t, client)), 'The client_assertion signature is invalid.'],
        [
          'a crit header we do not understand',
          () => customAssertion(t, client, { header: { crit: ['exp-policy'], 'exp-policy': 1 } }),
          'The client_assertion could not be verified with the keys registered for the client.',
        ],
        ['not a JWT', async () => 'not-a-jwt', 'The parsing of the client_assertion failed.'],
        ['three segments of garbage', async () => 'a.b.c', 'The parsing of the client_assertion failed.'],
      ];
      for (const [name, make, description] of cases) {
        it(name, async () => {
          assertOAuthError(await token(await make()), 401, 'invalid_client', description);
        });
      }
    });

    it('accepts aud = the issuer (openid-client) and aud = the token URL (Okta SDK)', async () => {
      for (const aud of [t.config.orgUrl, `${t.config.orgUrl}/oauth2/v1/token`]) {
        const res = await token(await customAssertion(t, client, { claims: { aud } }));
        assert.equal(res.statusCode, 200, `${aud}: ${res.body}`);
      }
    });

    it('accepts exp exactly one hour ahead and iat within the skew', async () => {
      assert.equal((await token(await customAssertion(t, client, { claims: { exp: nowSeconds(t) + 3600 } }))).statusCode, 200);
      assert.equal((await token(await customAssertion(t, client, { claims: { iat: nowSeconds(t) + 20 } }))).statusCode, 200);
    });

    it('without a kid, tries each active key of the client', async () => {
      const withFirst = await customAssertion(t, client, { header: { kid: undefined } });
      assert.equal((await token(withFirst)).statusCode, 200);
      const withSecond = await customAssertion(t, client, { header: { kid: undefined }, key: secondKey.privateKey });
      assert.equal((await token(withSecond)).statusCode, 200);
      const withInactive = await customAssertion(t, client, { header: { kid: undefined }, key: inactiveKey.privateKey });
      assertOAuthError(await token(withInactive), 401, 'invalid_client', 'The client_assertion signature is invalid.');
    });

    it('refuses a second use of a jti, and the same jti stays free for another client', async () => {
      const assertion = await clientAssertion(t, client, { jti: 'shared-jti-1' });
      assert.equal((await token(assertion)).statusCode, 200);
      assertOAuthError(await token(assertion), 401, 'invalid_client', 'The client_assertion token has already been used.');
      const fresh = await clientAssertion(t, client, { jti: 'shared-jti-1' });
      assertOAuthError(await token(fresh), 401, 'invalid_client', 'The client_assertion token has already been used.');
      assert.equal((await token(await clientAssertion(t, other, { jti: 'shared-jti-1' }))).statusCode, 200);
    });

    it('refuses a replayed jti on another node sharing the database', async () => {
      const node2: App = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      try {
        const assertion = await clientAssertion(t, client);
        assert.equal((await token(assertion)).statusCode, 200);
        assertOAuthError(
          await postForm({ app: node2 }, '/oauth2/v1/token', tokenForm(assertion)),
          401,
          'invalid_client',
          'The client_assertion token has already been used.',
        );
        const second = await clientAssertion(t, client);
        assert.equal((await postForm({ app: node2 }, '/oauth2/v1/token', tokenForm(second))).statusCode, 200);
        assertOAuthError(await token(second), 401, 'invalid_client', 'The client_assertion token has already been used.');
      } finally {
        await node2.fastify.close();
      }
    });

    it('refuses an assertion without jti, or with an empty or non-string one (OpenID Connect Core §9)', async () => {
      for (const jti of [undefined, '', 42]) {
        assertOAuthError(
          await token(await customAssertion(t, client, { claims: { jti } })),
          401,
          'invalid_client',
          "The client_assertion must contain the 'jti' claim.",
        );
      }
    });

    it('refuses a client_id form field that names another client than the assertion', async () => {
      const res = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), 'okta.users.read', { client_id: other.clientId }));
      assertOAuthError(res, 401, 'invalid_client', "The client_id does not match the client_assertion 'sub' claim.");
      const same = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), 'okta.users.read', { client_id: client.clientId }));
      assert.equal(same.statusCode, 200, same.body);
    });

    it('refuses a deactivated app, and serves it again once reactivated', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'] });
      await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'INACTIVE' }));
      assertOAuthError(await token(await clientAssertion(t, app)), 401, 'invalid_client', GENERIC);
      await t.store.apps.update(app.clientId, (current) => ({ ...current, status: 'ACTIVE' }));
      assert.equal((await token(await clientAssertion(t, app))).statusCode, 200);
    });

    it('refuses an app whose keys are all deactivated', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'] });
      const [key] = await t.store.apps.listKeys(app.clientId);
      assert.ok(key);
      await t.store.apps.updateKey(app.clientId, key.id, (current) => ({ ...current, status: 'INACTIVE' }));
      assertOAuthError(
        await token(await clientAssertion(t, app)),
        401,
        'invalid_client',
        'The client does not have a JWKSet configured, but the client_assertion requires one.',
      );
    });

    describe('clients that may not use client credentials (Okta’s texts)', () => {
      it('a service app authenticated with a secret (Basic and post)', async () => {
        const { app, secret } = await insertOidcApp(t, { tokenEndpointAuthMethod: 'client_secret_basic' });
        const viaBasic = await postForm(
          t,
          '/oauth2/v1/token',
          { grant_type: 'client_credentials', scope: 'okta.users.read' },
          { headers: { authorization: basic(app.id, secret) } },
        );
        assertOAuthError(
          viaBasic,
          401,
          'invalid_client',
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
        );
        const posted = await insertOidcApp(t, { tokenEndpointAuthMethod: 'client_secret_post' });
        const viaPost = await postForm(t, '/oauth2/v1/token', {
          grant_type: 'client_credentials',
          scope: 'okta.users.read',
          client_id: posted.app.id,
          client_secret: posted.secret,
        });
        assertOAuthError(
          viaPost,
          401,
          'invalid_client',
          'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
        );
      });

      it('a web app', async () => {
        const { app, secret } = await insertOidcApp(t, {
          applicationType: 'web',
          oauthClient: {
            application_type: 'web',
            grant_types: ['authorization_code', 'client_credentials'],
            response_types: ['code'],
            redirect_uris: ['https://app.example/cb'],
          },
        });
        const res = await postForm(
          t,
          '/oauth2/v1/token',
          { grant_type: 'client_credentials', scope: 'okta.users.read' },
          { headers: { authorization: basic(app.id, secret) } },
        );
        assertOAuthError(
          res,
          401,
          'invalid_client',
          "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
        );
      });

      it('a wrong secret is refused before any of that', async () => {
        const { app } = await insertOidcApp(t, { tokenEndpointAuthMethod: 'client_secret_basic' });
        const res = await postForm(
          t,
          '/oauth2/v1/token',
          { grant_type: 'client_credentials', scope: 'okta.users.read' },
          { headers: { authorization: basic(app.id, 'wrong-secret') } },
        );
        assertOAuthError(res, 401, 'invalid_client', GENERIC);
      });

      it('a service app without the client_credentials grant type', async () => {
        const app = await createServiceApp(t, { scopes: ['okta.users.read'] });
        await t.store.apps.update(app.clientId, (current) => ({ ...current, oauthClient: { ...current.oauthClient, grant_types: ['authorization_code'] } }));
        assertOAuthError(
          await token(await clientAssertion(t, app)),
          400,
          'unauthorized_client',
          'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code].',
        );
      });
    });

    describe('malformed requests', () => {
      it('a wrong or missing client_assertion_type is 400 invalid_request', async () => {
        const assertion = await clientAssertion(t, client);
        const wrong = await postForm(t, '/oauth2/v1/token', {
          ...tokenForm(assertion),
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
        });
        assertOAuthError(wrong, 400, 'invalid_request', 'The client_assertion_type is invalid.');
        const missing = await postForm(t, '/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'okta.users.read', client_assertion: assertion });
        assertOAuthError(missing, 400, 'invalid_request', 'The client_assertion_type is invalid.');
      });

      it('credentials in the query string are 400 invalid_request', async () => {
        const assertion = await clientAssertion(t, client);
        const inQuery = await postForm(
          t,
          '/oauth2/v1/token',
          { grant_type: 'client_credentials', scope: 'okta.users.read' },
          {
            query: `?client_assertion_type=${encodeURIComponent(JWT_BEARER)}&client_assertion=${assertion}`,
          },
        );
        assertOAuthError(inQuery, 400, 'invalid_request', 'Client credentials cannot be supplied via query parameters.');
        const secretInQuery = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)), { query: '?client_secret=x' });
        assertOAuthError(secretInQuery, 400, 'invalid_request', 'Client credentials cannot be supplied via query parameters.');
      });

      it('a repeated form parameter is 400 invalid_request', async () => {
        const body = new URLSearchParams(tokenForm(await clientAssertion(t, client))).toString() + '&scope=okta.groups.read';
        assertOAuthError(
          await postForm(t, '/oauth2/v1/token', body),
          400,
          'invalid_request',
          'Duplicate parameter provided in request. Duplicated parameters: [scope].',
        );
      });

      it('a missing or unsupported grant_type', async () => {
        const { grant_type: _omitted, ...withoutGrant } = tokenForm(await clientAssertion(t, client));
        assertOAuthError(
          await postForm(t, '/oauth2/v1/token', withoutGrant),
          400,
          'invalid_request',
          "The token request must specify a 'grant_type'. Valid values: [client_credentials, authorization_code, refresh_token]",
        );
        const password = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), 'okta.users.read', { grant_type: 'password' }));
        assertOAuthError(
          password,
          400,
          'unsupported_grant_type',
          'The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].',
        );
      });

      it('no credentials at all, or two kinds at once', async () => {
        assertOAuthError(
          await postForm(t, '/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'okta.users.read' }),
          401,
          'invalid_client',
          'No client credentials found.',
        );
        const both = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), 'okta.users.read', { client_secret: 'x' }));
        assertOAuthError(
          both,
          400,
          'invalid_request',
          "Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.",
        );
      });
    });

    describe('scopes', () => {
      it('drops ungranted scopes; `scope` and `scp` say what was granted', async () => {
        const res = await token(await clientAssertion(t, client), 'okta.users.read okta.users.manage okta.groups.read okta.users.read');
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<{ token_type: string; expires_in: number; access_token: string; scope: string }>();
        assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'scope', 'token_type']);
        assert.equal(body.scope, 'okta.users.read okta.groups.read');
        assert.equal(body.token_type, 'Bearer');
        assert.equal(body.expires_in, 3600);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.equal(res.headers['pragma'], 'no-cache');
        const { header, claims } = jwtParts(body.access_token);
        assert.equal(header.alg, 'RS256');
        assert.equal(header.typ, 'at+jwt');
        const jwks = (await t.app.fastify.inject({ method: 'GET', url: '/oauth2/v1/keys' })).json<{ keys: Array<{ kid: string }> }>();
        assert.ok(jwks.keys.some((k) => k.kid === header.kid));
        assert.deepEqual(Object.keys(claims).sort(), ['aud', 'cid', 'exp', 'iat', 'iss', 'jti', 'scp', 'sub', 'ver']);
        assert.equal(claims['ver'], 1);
        assert.match(String(claims.jti), /^AT\.[0-9A-Za-z]{43}$/);
        assert.equal(claims.iss, t.config.orgUrl);
        assert.equal(claims.aud, t.config.orgUrl);
        assert.equal(claims.sub, client.clientId);
        assert.equal(claims['cid'], client.clientId);
        assert.deepEqual(claims['scp'], ['okta.users.read', 'okta.groups.read']);
        assert.equal(claims.iat, nowSeconds(t));
        assert.equal(Number(claims.exp) - Number(claims.iat), 3600);
      });

      it('none granted → 400 invalid_scope', async () => {
        assertOAuthError(
          await token(await clientAssertion(t, client), 'okta.users.manage okta.apps.read'),
          400,
          'invalid_scope',
          'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.',
        );
      });

      it('no scope → "No scopes were requested."', async () => {
        const { scope: _omitted, ...withoutScope } = tokenForm(await clientAssertion(t, client));
        assertOAuthError(await postForm(t, '/oauth2/v1/token', withoutScope), 400, 'invalid_scope', 'No scopes were requested.');
        assertOAuthError(await token(await clientAssertion(t, client), ' '), 400, 'invalid_scope', 'No scopes were requested.');
      });

      it('openid → invalid_scope; a scope that is not okta.* → invalid_scope', async () => {
        assertOAuthError(
          await token(await clientAssertion(t, client), 'openid okta.users.read'),
          400,
          'invalid_scope',
          "Cannot request 'openid' scopes using client credentials.",
        );
        assertOAuthError(
          await token(await clientAssertion(t, client), 'okta.users.read profile'),
          400,
          'invalid_scope',
          'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner: profile. The org authorization server issues okta.* scopes only.',
        );
      });
    });

    it('leaves a System Log event for a refusal, with the reason', async () => {
      await token(await customAssertion(t, client, { header: { kid: 'logged-kid' } }));
      const res = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.grant.access_token"')}&limit=200`);
      assert.equal(res.statusCode, 200, res.body);
      const reasons = res.json<Array<{ outcome: { reason: string | null } }>>().map((e) => e.outcome.reason);
      assert.ok(reasons.includes('invalid_client: The client_assertion JWT kid is invalid.'), JSON.stringify(reasons));
    });
  });
}

/** The client's public key as a CryptoKey (to export its SPKI bytes). */
async function importPublic(client: ServiceApp): Promise<CryptoKey> {
  const key = await importJWK(client.publicJwk, 'RS256');
  if (key instanceof Uint8Array) throw new Error('unexpected symmetric key');
  return key;
}

/** Changes one character of the payload, keeping the signature. */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  claims['exp'] = Number(claims['exp']) + 1;
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
