import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { appCount, causesOf, ecJwk, rsaJwk, rsaKeyPair, serviceAppBody, webAppBody, type Jwk, type OktaErrorJson } from './apps.fixtures.js';

type Body = Record<string, unknown> & { settings: { oauthClient: Record<string, unknown> }; credentials: { oauthClient: Record<string, unknown> } };

const service = (keys: readonly Jwk[]): Body => serviceAppBody('Refused service', keys) as Body;
const web = (): Body => webAppBody('Refused web') as Body;
const KEYS = 'settings.oauthClient.jwks.keys';

for (const kind of await storeKinds()) {
  describe(`OIDC app validation (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    /** Posts `body`, expects 400 E0000001, checks that nothing was written, returns the causes. */
    async function refused(body: unknown): Promise<string[]> {
      const before = await appCount(t);
      const causes = causesOf(await t.request('POST', '/api/v1/apps', { body }));
      assert.equal(await appCount(t), before, 'a refused create writes nothing');
      return causes;
    }

    it('refuses a service app with a redirect grant or redirect URIs', async () => {
      const body = service([rsaJwk()]);
      body.settings.oauthClient['grant_types'] = ['client_credentials', 'authorization_code'];
      body.settings.oauthClient['redirect_uris'] = ['https://service.example.com/cb'];
      assert.deepEqual(await refused(body), [
        "settings.oauthClient.grant_types: Service apps may only use the 'client_credentials' grant type, not 'authorization_code'",
        'settings.oauthClient.redirect_uris: Service apps use no redirect: remove the redirect URIs',
      ]);
    });

    it('refuses private_key_jwt without a key', async () => {
      assert.deepEqual(await refused(service([])), ["settings.oauthClient.jwks: 'private_key_jwt' needs at least one active public key in 'jwks.keys'"]);
      const noJwks = service([]);
      delete noJwks.settings.oauthClient['jwks'];
      assert.deepEqual(await refused(noJwks), ["settings.oauthClient.jwks: 'private_key_jwt' needs at least one active public key in 'jwks.keys'"]);
    });

    it('refuses an RSA key under 2048 bits', async () => {
      const small = { ...rsaKeyPair(1024).publicJwk, kid: 'small' };
      assert.deepEqual(await refused(service([small])), [
        `${KEYS}[0]: RSA key length in the 'jwks' is less than '2,048' bits for the given key (this one has 1024)`,
      ]);
    });

    it('refuses a private key pasted as a public one', async () => {
      const { privateJwk } = rsaKeyPair();
      assert.deepEqual(await refused(service([{ ...privateJwk, kid: 'oops' }])), [
        `${KEYS}[0]: contains private key members (d, p, q, dp, dq, qi): this is a private key pasted as a public one; register only the public key and keep the private key secret`,
      ]);
      const symmetric = { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0', kid: 'hmac' };
      assert.match((await refused(service([symmetric])))[0] ?? '', /^settings\.oauthClient\.jwks\.keys\[0\]: contains private key members \(k\)/);
    });

    it('accepts EC keys on P-256, P-384 and P-521 only, and algorithms that fit the key', async () => {
      const causes = await refused(
        service([
          ecJwk('secp256k1', 'k1'),
          { ...ecJwk('P-256', 'p256'), alg: 'ES384' },
          { ...rsaJwk('rsa'), alg: 'HS256' },
          { kty: 'OKP', crv: 'Ed25519', x: 'JUmNlUs-ll0V7h8Nj2qrlh3KTqwROLDLkv_vWMIVJvo', kid: 'ed' },
        ]),
      );
      assert.deepEqual(causes, [
        `${KEYS}[0].crv: EC keys must use the curve P-256, P-384 or P-521, not 'secp256k1'`,
        `${KEYS}[1].alg: 'ES384' cannot be used with a P-256 key; use ES256`,
        `${KEYS}[2].alg: 'HS256' cannot be used with an RSA key; use RS256, RS384, RS512`,
        `${KEYS}[3].kty: "OKP" keys are not accepted; use RSA (2048 bits or more) or EC (P-256, P-384, P-521)`,
      ]);
      const ok = await t.request('POST', '/api/v1/apps', {
        body: service([ecJwk('P-256', 'a'), ecJwk('P-384', 'b'), { ...ecJwk('P-521', 'c'), alg: 'ES512' }]),
      });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    it('refuses a key that is not a valid public key', async () => {
      const bent = { ...ecJwk('P-256', 'bent') };
      bent['x'] = bent['y'];
      assert.deepEqual(await refused(service([bent])), [`${KEYS}[0]: is not a valid EC public key`]);
    });

    it('needs a unique kid on every key once there are several, and at most 50 keys', async () => {
      const noKid = await refused(service([rsaJwk(null, 0), rsaJwk('b', 1)]));
      assert.deepEqual(noKid, [
        'settings.oauthClient.jwks: Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.',
      ]);
      assert.deepEqual(await refused(service([rsaJwk('same', 0), rsaJwk('same', 1)])), [
        "settings.oauthClient.jwks: All keys in the 'jwks' must have a unique `kid`.",
      ]);
      const many = Array.from({ length: 51 }, (_, i) => ecJwk('P-256', `k${i}`));
      assert.deepEqual(await refused(service(many)), [
        "settings.oauthClient.jwks: You can't create a new key. You have reached the maximum number of keys allowed (50). To add another key, you must first delete an existing one.",
      ]);
      // One key without a kid is fine (Okta); it is shown with `kid: null`.
      const single = await t.request('POST', '/api/v1/apps', { body: service([rsaJwk(null, 2)]) });
      assert.equal(single.statusCode, 200, single.body);
      const created = single.json<{ id: string; settings: { oauthClient: { jwks: { keys: { id: string; kid: unknown }[] } } } }>();
      assert.equal(created.settings.oauthClient.jwks.keys[0]?.kid, null);
      // Sent back whole, `kid: null` included, it stays the same key.
      const put = await t.request('PUT', `/api/v1/apps/${created.id}`, { body: created });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json<typeof created>().settings.oauthClient.jwks.keys[0]?.id, created.settings.oauthClient.jwks.keys[0]?.id);
    });

    it('refuses a client_secret with private_key_jwt, and any caller-chosen secret', async () => {
      const body = service([rsaJwk()]);
      body.credentials.oauthClient['client_secret'] = 'x'.repeat(40);
      assert.deepEqual(await refused(body), [
        "credentials.oauthClient.client_secret: 'client_secret' can't be used when 'token_endpoint_auth_method' is 'private_key_jwt'.",
      ]);
      const chosen = web();
      chosen.credentials.oauthClient['client_secret'] = 'x'.repeat(40);
      assert.match((await refused(chosen))[0] ?? '', /^credentials\.oauthClient\.client_secret: Client secrets are generated by Tessera/);
    });

    it('needs redirect URIs for authorization_code, absolute and without fragments', async () => {
      const none = web();
      delete none.settings.oauthClient['redirect_uris'];
      assert.deepEqual(await refused(none), [
        "settings.oauthClient.redirect_uris: at least one redirect URI is required for the 'authorization_code' grant type",
      ]);
      const bad = web();
      bad.settings.oauthClient['redirect_uris'] = ['/relative/callback', 'https://app.example.com/cb#frag', 'javascript:alert(1)', 'https://ok.example.com/cb'];
      bad.settings.oauthClient['post_logout_redirect_uris'] = ['not a url'];
      assert.deepEqual(await refused(bad), [
        'settings.oauthClient.redirect_uris[0]: "/relative/callback" must be an absolute URL',
        'settings.oauthClient.redirect_uris[1]: "https://app.example.com/cb#frag" must not contain a fragment (#), RFC 6749 §3.1.2',
        `settings.oauthClient.redirect_uris[2]: "javascript:alert(1)" the scheme 'javascript:' is not allowed for a redirect URI`,
        'settings.oauthClient.post_logout_redirect_uris[0]: "not a url" must not contain whitespace',
      ]);
    });

    it('checks application type, grants, response types, client authentication and refresh token settings', async () => {
      const body = web();
      body.settings.oauthClient['application_type'] = 'browser';
      body.settings.oauthClient['grant_types'] = ['implicit', 'client_credentials', 'magic'];
      body.settings.oauthClient['response_types'] = ['code', 'token'];
      body.settings.oauthClient['refresh_token'] = { rotation_type: 'SOMETIMES', leeway: 61 };
      body.settings.oauthClient['jwks_uri'] = 'https://keys.example.com/jwks';
      assert.deepEqual(await refused(body), [
        "settings.oauthClient.grant_types: 'magic' is not a grant type Tessera knows; 'client_credentials' is not a valid grant type for browser apps",
        "settings.oauthClient.response_types: 'code' needs the 'authorization_code' grant type",
        "credentials.oauthClient.token_endpoint_auth_method: Browser apps are public clients: 'token_endpoint_auth_method' must be 'none'",
        'settings.oauthClient.jwks_uri: is not supported: register the public keys in settings.oauthClient.jwks (Tessera never fetches keys)',
        "settings.oauthClient.refresh_token.rotation_type: must be 'ROTATE' or 'STATIC'",
        'settings.oauthClient.refresh_token.leeway: must be a whole number of seconds from 0 to 60',
      ]);
      const missing = await refused({ name: 'saml_app', signOnMode: 'SAML_2_0', settings: { oauthClient: {} } });
      assert.deepEqual(missing, [
        "name: Only OpenID Connect apps are supported: name must be 'oidc_client', not 'saml_app'",
        "signOnMode: Only OpenID Connect apps are supported: signOnMode must be 'OPENID_CONNECT', not 'SAML_2_0'",
        'label: The field cannot be left blank',
        'settings.oauthClient.application_type: The field cannot be left blank (web, native, browser, service)',
        'settings.oauthClient.grant_types: The field cannot be left blank',
      ]);
      const serviceNone = service([rsaJwk()]);
      serviceNone.credentials.oauthClient['token_endpoint_auth_method'] = 'none';
      assert.match((await refused(serviceNone)).join(' | '), /credentials\.oauthClient\.token_endpoint_auth_method: Service apps must authenticate/);
    });

    it('reports wrong JSON types as causes naming the field', async () => {
      const body = service([rsaJwk()]);
      body.settings.oauthClient['dpop_bound_access_tokens'] = 'yes';
      body.settings.oauthClient['grant_types'] = 'client_credentials';
      const res = await t.request('POST', '/api/v1/apps', { body });
      assert.equal(res.statusCode, 400);
      const error = res.json<OktaErrorJson>();
      assert.equal(error.errorCode, 'E0000001');
      assert.deepEqual(error.errorCauses.map((c) => c.errorSummary).sort(), [
        'settings.oauthClient.dpop_bound_access_tokens: must be boolean',
        'settings.oauthClient.grant_types: must be array',
      ]);
    });

    it('defaults what Okta defaults: response types from grants, PKCE for public clients, refresh rotation', async () => {
      const res = await t.request('POST', '/api/v1/apps', {
        body: {
          name: 'oidc_client',
          label: 'SPA',
          signOnMode: 'OPENID_CONNECT',
          settings: {
            oauthClient: { application_type: 'browser', grant_types: ['authorization_code', 'refresh_token'], redirect_uris: ['http://localhost:3000/cb'] },
          },
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const app = res.json<{ credentials: { oauthClient: Record<string, unknown> }; settings: { oauthClient: Record<string, unknown> } }>();
      assert.deepEqual(
        [app.credentials.oauthClient['token_endpoint_auth_method'], app.credentials.oauthClient['pkce_required'], app.credentials.oauthClient['client_secret']],
        ['none', true, undefined],
      );
      assert.deepEqual(app.settings.oauthClient['response_types'], ['code']);
      assert.deepEqual(app.settings.oauthClient['refresh_token'], { rotation_type: 'ROTATE', leeway: 30 });
    });
  });
}
