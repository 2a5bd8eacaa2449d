/**
 * A DPoP proof names the URL it was made for (`htu`, RFC 9449 §4.3). An attacker holding a proof
 * made for another server, or for another scheme or port of ours, replays it here with a `Host`
 * header naming that server. Over a real socket, at the Management API (the path as routed and,
 * for the Okta SDK's trailing-slash org URL, as requested), the token endpoint and userinfo:
 * the proof is refused with `invalid_dpop_proof` unless its `htu` is under TESSERA_ORG_URL,
 * whatever the Host says; a proof for the org URL is accepted whatever the Host says.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, form, type ServiceApp } from '../helpers/oauth.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { dpopAccessToken, dpopKey, dpopNonce, dpopProof, OAUTH_TEST_CONFIG, tokenForm, type DpopKey } from '../oauth/oauth-fixtures.js';
import { authorizeCode, createWebApp, REDIRECT_URI, tokenRequest, type TokenBody } from '../oauth/user-context-fixtures.js';

/** The public URL the server is configured with: not the address the test reaches it at. */
const ORG_URL = 'https://id.tessera.example';
const ALGS = 'algs="RS256 RS384 RS512 ES256 ES384 ES512"';
const HTU_INVALID = "'htu' claim in the DPoP proof JWT is invalid.";

/** Origins an attacker's proof may name, each replayed with the Host header that spells it. */
const FOREIGN: ReadonlyArray<{ readonly origin: string; readonly host: string; readonly what: string }> = [
  { origin: 'http://evil.example', host: 'evil.example', what: 'another server, as the Host header makes it' },
  { origin: 'https://evil.example', host: 'evil.example', what: 'another server over https' },
  { origin: 'http://id.tessera.example', host: 'id.tessera.example', what: 'the org host over http' },
  { origin: 'https://id.tessera.example:8443', host: 'id.tessera.example:8443', what: 'the org host on another port' },
];

for (const kind of await storeKinds()) {
  describe(`DPoP htu is compared with the org URL only (${kind})`, () => {
    let t: TestApp;
    let client: ServiceApp;
    let key: DpopKey;
    let token: string;

    before(async () => {
      t = await startTestApp(kind, { listen: true, config: { ...OAUTH_TEST_CONFIG, orgUrl: ORG_URL } });
      client = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'], dpop: true });
      key = await dpopKey();
      token = await dpopAccessToken(t, client, key, 'okta.users.read');
    });
    after(() => t.close());

    function assertProofRefused(res: RawResponse, what: string): void {
      assert.equal(res.status, 401, `${what}: ${res.body}`);
      assert.equal((JSON.parse(res.body) as { errorCode: string }).errorCode, 'E0000011', what);
      assert.equal(res.headers['www-authenticate'], `DPoP ${ALGS}, error="invalid_dpop_proof", error_description="${HTU_INVALID}"`, what);
    }

    describe('on the Management API', () => {
      async function listUsers(path: string, host: string, htu: string): Promise<RawResponse> {
        const proof = await dpopProof(t, key, { htm: 'GET', htu, accessToken: token });
        return rawRequest(t.baseUrl, { method: 'GET', path, headers: { host, authorization: `DPoP ${token}`, dpop: proof } });
      }

      it('accepts a proof for the org URL whatever the Host header says', async () => {
        for (const host of ['evil.example', new URL(t.baseUrl).host]) {
          const res = await listUsers('/api/v1/users?limit=1', host, `${ORG_URL}/api/v1/users`);
          assert.equal(res.status, 200, `Host ${host}: ${res.body}`);
        }
      });

      for (const { origin, host, what } of FOREIGN) {
        it(`refuses a proof for ${what} (${origin}) replayed with Host: ${host}`, async () => {
          assertProofRefused(await listUsers('/api/v1/users', host, `${origin}/api/v1/users`), `${origin}/api/v1/users`);
        });
      }

      it('accepts the literal //api/v1/... path the Okta SDK signs, under the org URL only', async () => {
        const res = await listUsers('//api/v1/users', 'evil.example', `${ORG_URL}//api/v1/users`);
        assert.equal(res.status, 200, res.body);
        for (const { origin, host } of FOREIGN) {
          assertProofRefused(await listUsers('//api/v1/users', host, `${origin}//api/v1/users`), `${origin}//api/v1/users`);
        }
      });
    });

    describe('at the token endpoint', () => {
      async function tokenWith(host: string, htu: string): Promise<RawResponse> {
        const nonce = await dpopNonce(t, client, key);
        const proof = await dpopProof(t, key, { htu, nonce });
        return rawRequest(t.baseUrl, {
          method: 'POST',
          path: '/oauth2/v1/token',
          headers: { host, 'content-type': 'application/x-www-form-urlencoded', dpop: proof },
          body: form(tokenForm(await clientAssertion(t, client))),
        });
      }

      it('issues a token for a proof naming the org URL whatever the Host header says', async () => {
        const res = await tokenWith('evil.example', `${ORG_URL}/oauth2/v1/token`);
        assert.equal(res.status, 200, res.body);
        assert.equal((JSON.parse(res.body) as { token_type: string }).token_type, 'DPoP');
      });

      for (const { origin, host, what } of FOREIGN) {
        it(`refuses a proof for ${what} (${origin}) replayed with Host: ${host}`, async () => {
          const res = await tokenWith(host, `${origin}/oauth2/v1/token`);
          assert.equal(res.status, 400, res.body);
          assert.deepEqual(JSON.parse(res.body), { error: 'invalid_dpop_proof', error_description: HTU_INVALID });
        });
      }
    });

    describe('at userinfo', () => {
      let userToken: string;
      let userKey: DpopKey;

      before(async () => {
        const login = 'dpop.htu@example.com';
        await userWithRoles(t, login, []);
        const web = await createWebApp(t, { dpop: true });
        userKey = await dpopKey();
        const code = await authorizeCode(t, web, login, 'openid');
        const values = { grant_type: 'authorization_code', code: code.code, redirect_uri: REDIRECT_URI, code_verifier: code.pkce.verifier };
        const handshake = await tokenRequest(t, web, values, { dpop: await dpopProof(t, userKey) });
        const nonce = String(handshake.headers['dpop-nonce']);
        const redeemed = await tokenRequest(t, web, values, { dpop: await dpopProof(t, userKey, { nonce }) });
        assert.equal(redeemed.statusCode, 200, redeemed.body);
        userToken = redeemed.json<TokenBody>().access_token;
      });

      async function userinfo(host: string, htu: string): Promise<RawResponse> {
        const proof = await dpopProof(t, userKey, { htm: 'GET', htu, accessToken: userToken });
        return rawRequest(t.baseUrl, { method: 'GET', path: '/oauth2/v1/userinfo', headers: { host, authorization: `DPoP ${userToken}`, dpop: proof } });
      }

      it('answers a proof naming the org URL whatever the Host header says', async () => {
        const res = await userinfo('evil.example', `${ORG_URL}/oauth2/v1/userinfo`);
        assert.equal(res.status, 200, res.body);
        assert.ok((JSON.parse(res.body) as { sub?: string }).sub);
      });

      for (const { origin, host, what } of FOREIGN) {
        it(`refuses a proof for ${what} (${origin}) replayed with Host: ${host}, with invalid_dpop_proof`, async () => {
          const res = await userinfo(host, `${origin}/oauth2/v1/userinfo`);
          assert.equal(res.status, 401, res.body);
          assert.deepEqual(JSON.parse(res.body), { error: 'invalid_dpop_proof', error_description: HTU_INVALID });
          assert.equal(res.headers['www-authenticate'], `DPoP ${ALGS}, error="invalid_dpop_proof", error_description="${HTU_INVALID}"`);
        });
      }
    });
  });
}
