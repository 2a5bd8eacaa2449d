/**
 * DPoP (RFC 9449) on the org authorization server and the Management API, as Okta does it: a
 * DPoP app must send a proof to the token endpoint and go through the nonce handshake (400
 * use_dpop_nonce + DPoP-Nonce), then gets `token_type: DPoP` and `cnf.jkt`; /api/v1 takes
 * `Authorization: DPoP` with a fresh proof and demands no nonce. Apps without DPoP ignore the
 * header (the Okta SDK always sends one). Time only moves through `t.clock`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calculateJwkThumbprint } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { NONCE_WINDOW_MS } from '../../src/oauth/dpop/nonce.js';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import type { TestApp } from '../helpers/test-app.js';
import {
  accessToken,
  assertOAuthError,
  dpopAccessToken,
  dpopKey,
  dpopNonce,
  dpopProof,
  jwtParts,
  nowSeconds,
  postForm,
  READER,
  startWithServiceApp,
  tokenForm,
  type DpopKey,
  type ProofOptions,
} from './oauth-fixtures.js';

const NONCE_REQUIRED = 'Authorization server requires nonce in DPoP proof.';
const ALGS = 'algs="RS256 RS384 RS512 ES256 ES384 ES512"';
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const kind of await storeKinds()) {
  describe(`DPoP (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;
    let key: DpopKey;
    before(async () => {
      ({ t, client } = await startWithServiceApp(kind, { ...READER, dpop: true }));
      key = await dpopKey();
    });
    after(() => t.close());

    /** A token request of the DPoP client with this proof (or none). */
    async function tokenWith(proof: string | undefined): Promise<LightMyRequestResponse> {
      return postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)), proof === undefined ? {} : { headers: { dpop: proof } });
    }

    describe('at the token endpoint', () => {
      it('answers a nonce-less proof with 400 use_dpop_nonce and a DPoP-Nonce header', async () => {
        const res = await tokenWith(await dpopProof(t, key));
        assertOAuthError(res, 400, 'use_dpop_nonce', NONCE_REQUIRED);
        assert.match(String(res.headers['dpop-nonce']), /^[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
      });

      it('issues token_type DPoP with cnf.jkt = the proof key’s thumbprint once the nonce is sent', async () => {
        const nonce = await dpopNonce(t, client, key);
        const res = await tokenWith(await dpopProof(t, key, { nonce }));
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json<{ token_type: string; access_token: string; scope: string; expires_in: number }>();
        assert.equal(body.token_type, 'DPoP');
        assert.equal(body.scope, 'okta.users.read');
        assert.equal(body.expires_in, 3600);
        assert.deepEqual(jwtParts(body.access_token).claims['cnf'], { jkt: key.jkt });
      });

      it('binds to the RFC 7638 thumbprint when the proof jwk carries kid/alg/use, as the Okta SDK sends it', async () => {
        const sdkKey: DpopKey = {
          alg: 'RS256',
          privateKey: client.privateKey,
          publicJwk: client.publicJwk,
          privateJwk: client.privateJwk,
          jkt: await calculateJwkThumbprint({ kty: 'RSA', e: String(client.publicJwk.e), n: String(client.publicJwk.n) }),
        };
        const token = await dpopAccessToken(t, client, sdkKey, 'okta.users.read');
        assert.deepEqual(jwtParts(token).claims['cnf'], { jkt: sdkKey.jkt });
      });

      it('refuses a request without a proof: invalid_dpop_proof', async () => {
        assertOAuthError(await tokenWith(undefined), 400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
      });

      describe('refuses each bad proof with invalid_dpop_proof', () => {
        const other = dpopKey();
        const cases: ReadonlyArray<readonly [string, () => Promise<ProofOptions>, string]> = [
          ['htu of another server', async () => ({ htu: 'https://evil.example/oauth2/v1/token' }), "'htu' claim in the DPoP proof JWT is invalid."],
          ['htu of another endpoint', async () => ({ htu: `${t.config.orgUrl}/oauth2/v1/introspect` }), "'htu' claim in the DPoP proof JWT is invalid."],
          ['htm GET', async () => ({ htm: 'GET' }), "'htm' claim in the DPoP proof JWT is invalid."],
          ['iat more than five minutes old', async () => ({ iat: nowSeconds(t) - 301 }), 'The DPoP proof JWT is issued more than five minutes in the past.'],
          ['iat in the future', async () => ({ iat: nowSeconds(t) + 60 }), 'The DPoP proof JWT is issued in the future.'],
          ['signed by another key than its jwk', async () => ({ signWith: (await other).privateKey }), 'The DPoP proof JWT signature is invalid.'],
          ['a private key in its jwk', async () => ({ header: { jwk: key.privateJwk } }), "The DPoP proof 'jwk' must be a public key."],
          ['no jwk', async () => ({ header: { jwk: undefined } }), "The DPoP proof header has no 'jwk'."],
          ['typ JWT', async () => ({ header: { typ: 'JWT' } }), "'typ' must be 'dpop+jwt' in the DPoP proof JWT."],
          ['an empty jti', async () => ({ jti: '' }), "'jti' claim in the DPoP proof JWT is invalid."],
        ];
        for (const [name, options, description] of cases) {
          it(name, async () => {
            const nonce = await dpopNonce(t, client, key);
            const proof = await dpopProof(t, key, { nonce, ...(await options()) });
            assertOAuthError(await tokenWith(proof), 400, 'invalid_dpop_proof', description);
          });
        }

        it('HS256 (a MAC over the public key)', async () => {
          const forged = `${b64({ typ: 'dpop+jwt', alg: 'HS256', jwk: key.publicJwk })}.${b64({ htm: 'POST', htu: `${t.config.orgUrl}/oauth2/v1/token`, iat: nowSeconds(t), jti: 'hs' })}.c2ln`;
          assertOAuthError(await tokenWith(forged), 400, 'invalid_dpop_proof', 'The DPoP proof JWT signature algorithm is invalid.');
        });

        it('garbage', async () => {
          assertOAuthError(await tokenWith('garbage'), 400, 'invalid_dpop_proof', 'The DPoP proof JWT cannot be parsed.');
        });
      });

      it('refuses a replayed proof jti', async () => {
        const nonce = await dpopNonce(t, client, key);
        const proof = await dpopProof(t, key, { nonce });
        assert.equal((await tokenWith(proof)).statusCode, 200);
        assertOAuthError(await tokenWith(proof), 400, 'invalid_dpop_proof', 'The DPoP proof JWT has already been used.');
      });

      it('ignores the query part of htu', async () => {
        const nonce = await dpopNonce(t, client, key);
        const res = await tokenWith(await dpopProof(t, key, { nonce, htu: `${t.config.orgUrl}/oauth2/v1/token?x=1` }));
        assert.equal(res.statusCode, 200, res.body);
      });

      it('accepts a nonce of the previous window, and answers one from two windows ago (or a forged one) with a fresh nonce', async () => {
        const old = await dpopNonce(t, client, key);
        t.clock.advance(NONCE_WINDOW_MS);
        assert.equal((await tokenWith(await dpopProof(t, key, { nonce: old }))).statusCode, 200);
        t.clock.advance(NONCE_WINDOW_MS);
        const stale = await tokenWith(await dpopProof(t, key, { nonce: old }));
        assertOAuthError(stale, 400, 'use_dpop_nonce', NONCE_REQUIRED);
        const fresh = String(stale.headers['dpop-nonce']);
        assert.notEqual(fresh, old);
        assertOAuthError(
          await tokenWith(await dpopProof(t, key, { nonce: `${old.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA` })),
          400,
          'use_dpop_nonce',
          NONCE_REQUIRED,
        );
        assert.equal((await tokenWith(await dpopProof(t, key, { nonce: fresh }))).statusCode, 200);
      });

      it('accepts a nonce issued by another node sharing the master key', async () => {
        const node2 = await buildApp({ config: t.config, store: t.store, clock: t.clock });
        try {
          const nonce = await dpopNonce(t, client, key);
          const res = await postForm({ app: node2 }, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)), {
            headers: { dpop: await dpopProof(t, key, { nonce }) },
          });
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.json<{ token_type: string }>().token_type, 'DPoP');
        } finally {
          await node2.fastify.close();
        }
      });

      it('an app without DPoP ignores an unsolicited DPoP header, even a broken one', async () => {
        const plain = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        for (const proof of [await dpopProof(t, key), 'garbage']) {
          const res = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, plain)), { headers: { dpop: proof } });
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.json<{ token_type: string }>().token_type, 'Bearer');
          assert.equal(jwtParts(res.json<{ access_token: string }>().access_token).claims['cnf'], undefined);
        }
      });
    });

    describe('on the Management API', () => {
      let token: string;
      const usersUrl = (): string => `${t.config.orgUrl}/api/v1/users`;
      before(async () => {
        token = await dpopAccessToken(t, client, key, 'okta.users.read');
      });

      function call(method: 'GET' | 'POST', url: string, authorization: string, proof?: string, body?: unknown) {
        return t.request(method, url, { authorization, ...(proof === undefined ? {} : { headers: { dpop: proof } }), ...(body === undefined ? {} : { body }) });
      }

      function assertRefused(res: LightMyRequestResponse, error: string, description: string): void {
        assert.equal(res.statusCode, 401, res.body);
        assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000011');
        assert.equal(res.json<{ errorSummary: string }>().errorSummary, 'Invalid token provided');
        assert.equal(res.headers['www-authenticate'], `DPoP ${ALGS}, error="${error}", error_description="${description}"`);
      }

      it('works with a fresh proof and no nonce; the query is not part of htu', async () => {
        const res = await call('GET', '/api/v1/users', `DPoP ${token}`, await dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: token }));
        assert.equal(res.statusCode, 200, res.body);
        const paged = await call('GET', '/api/v1/users?limit=1', `DPoP ${token}`, await dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: token }));
        assert.equal(paged.statusCode, 200, paged.body);
        const withQuery = await call(
          'GET',
          '/api/v1/users?limit=1',
          `DPoP ${token}`,
          await dpopProof(t, key, { htm: 'GET', htu: `${usersUrl()}?limit=1`, accessToken: token }),
        );
        assert.equal(withQuery.statusCode, 200, withQuery.body);
      });

      describe('refuses each bad proof with 401 E0000011 and error="invalid_dpop_proof"', () => {
        const cases: ReadonlyArray<readonly [string, () => Promise<string | undefined>, string]> = [
          [
            'a wrong ath',
            () => dpopProof(t, key, { htm: 'GET', htu: usersUrl(), ath: 'A'.repeat(43) }),
            "'ath' claim in the DPoP proof does not match the presented access_token.",
          ],
          ['no ath', () => dpopProof(t, key, { htm: 'GET', htu: usersUrl() }), "'ath' claim in the DPoP proof does not match the presented access_token."],
          ['a wrong htm', () => dpopProof(t, key, { htm: 'POST', htu: usersUrl(), accessToken: token }), "'htm' claim in the DPoP proof JWT is invalid."],
          [
            'a wrong htu',
            () => dpopProof(t, key, { htm: 'GET', htu: `${t.config.orgUrl}/api/v1/groups`, accessToken: token }),
            "'htu' claim in the DPoP proof JWT is invalid.",
          ],
          [
            'a stale iat',
            () => dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: token, iat: nowSeconds(t) - 301 }),
            'The DPoP proof JWT is issued more than five minutes in the past.',
          ],
          [
            'a proof of another key',
            async () => dpopProof(t, await dpopKey(), { htm: 'GET', htu: usersUrl(), accessToken: token }),
            'The access_token is not bound to the provided DPoP proof.',
          ],
          ['no proof', async () => undefined, 'The resource request requires a DPoP proof.'],
        ];
        for (const [name, make, description] of cases) {
          it(name, async () => {
            assertRefused(await call('GET', '/api/v1/users', `DPoP ${token}`, await make()), 'invalid_dpop_proof', description);
          });
        }
      });

      it('refuses a replayed proof', async () => {
        const proof = await dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: token });
        assert.equal((await call('GET', '/api/v1/users', `DPoP ${token}`, proof)).statusCode, 200);
        assertRefused(await call('GET', '/api/v1/users', `DPoP ${token}`, proof), 'invalid_dpop_proof', 'The DPoP proof JWT has already been used.');
      });

      it('refuses a DPoP-bound token sent as Bearer', async () => {
        const res = await call('GET', '/api/v1/users', `Bearer ${token}`, await dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: token }));
        assertRefused(res, 'invalid_token', 'The resource request must use the DPoP authentication scheme when using a DPoP bound token.');
      });

      it('refuses a plain Bearer token sent with the DPoP scheme', async () => {
        const plain = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        const bearer = await accessToken(t, plain, 'okta.users.read');
        const res = await call('GET', '/api/v1/users', `DPoP ${bearer}`, await dpopProof(t, key, { htm: 'GET', htu: usersUrl(), accessToken: bearer }));
        assertRefused(res, 'invalid_token', 'The presented access_token is not DPoP bound.');
      });

      it('answers a missing scope with 403 and a DPoP challenge', async () => {
        const profile = { login: 'dpop.denied@example.com', email: 'dpop.denied@example.com', firstName: 'D', lastName: 'P' };
        const res = await call('POST', '/api/v1/users', `DPoP ${token}`, await dpopProof(t, key, { htm: 'POST', htu: usersUrl(), accessToken: token }), {
          profile,
        });
        assert.equal(res.statusCode, 403, res.body);
        assert.equal(
          res.headers['www-authenticate'],
          `DPoP ${ALGS}, authorization_uri="${t.config.orgUrl}/oauth2/v1/authorize", realm="${t.config.orgUrl}", scope="okta.users.manage", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="/api/v1/users"`,
        );
      });
    });
  });
}
