import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { secretDigest } from '../../src/crypto/secret-digest.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { appCount, rsaJwk, type AppJson, type OktaErrorJson } from './apps.fixtures.js';

interface ClientJson {
  client_id: string;
  client_id_issued_at: number;
  client_secret?: string;
  client_secret_expires_at?: number;
  client_name: string;
  application_type: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  response_types: string[];
  grant_types: string[];
  token_endpoint_auth_method: string;
  dpop_bound_access_tokens: boolean;
  jwks?: { keys: Record<string, string>[] };
  _links: { app: { href: string } };
}

interface RfcError {
  error: string;
  error_description: string;
}

const WEB_CLIENT = { client_name: 'Registered web client', redirect_uris: ['https://rp.example.com/cb'] };

for (const kind of await storeKinds()) {
  describe(`Dynamic Client Registration (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('registers a client with RFC 7591 defaults (201) and shows its secret once', async () => {
      const res = await t.request('POST', '/oauth2/v1/clients', { body: WEB_CLIENT });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.headers['cache-control'], 'no-store');
      const client = res.json<ClientJson>();
      assert.match(client.client_id, /^0oa[0-9A-Za-z]{17}$/);
      assert.equal(client.client_id_issued_at, Math.floor(t.clock.now() / 1000));
      assert.match(client.client_secret ?? '', /^[A-Za-z0-9_-]{64}$/);
      assert.equal(client.client_secret_expires_at, 0);
      assert.deepEqual(
        [client.application_type, client.grant_types, client.response_types, client.token_endpoint_auth_method],
        ['web', ['authorization_code'], ['code'], 'client_secret_basic'],
      );
      assert.equal(client._links.app.href, `${t.config.orgUrl}/api/v1/apps/${client.client_id}`);
      const got = await t.request('GET', `/oauth2/v1/clients/${client.client_id}`);
      assert.equal(got.statusCode, 200);
      const { client_secret: _secret, ...withoutSecret } = client;
      assert.deepEqual(got.json(), withoutSecret, 'the same client, without its secret');
      // The same object through the Apps API, active.
      const app = (await t.request('GET', `/api/v1/apps/${client.client_id}`)).json<AppJson>();
      assert.deepEqual([app.label, app.status, app.settings.oauthClient.redirect_uris], ['Registered web client', 'ACTIVE', ['https://rp.example.com/cb']]);
      assert.deepEqual(
        (await t.store.apps.listSecrets(client.client_id)).map((x) => x.digest),
        [secretDigest(client.client_secret ?? '')],
      );
      const listed = await t.request('GET', '/oauth2/v1/clients?q=registered');
      assert.ok(listed.json<ClientJson[]>().some((c) => c.client_id === client.client_id));
      assert.ok(!listed.body.includes(client.client_secret ?? 'x'));
    });

    it('registers a service client with private_key_jwt and a JWK Set', async () => {
      const res = await t.request('POST', '/oauth2/v1/clients', {
        body: {
          client_name: 'Registered service',
          application_type: 'service',
          grant_types: ['client_credentials'],
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: { keys: [rsaJwk('dcr-1')] },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const client = res.json<ClientJson>();
      assert.equal(client.client_secret, undefined);
      assert.equal(client.client_secret_expires_at, undefined);
      assert.deepEqual(client.response_types, ['token']);
      assert.deepEqual(client.jwks?.keys, [{ kty: 'RSA', n: rsaJwk()['n'], e: 'AQAB', kid: 'dcr-1', use: 'sig', alg: 'RS256' }]);
    });

    it('answers errors in RFC 7591 form and writes nothing', async () => {
      const before = await appCount(t);
      const redirect = await t.request('POST', '/oauth2/v1/clients', { body: { client_name: 'Bad redirect', redirect_uris: ['https://rp.example.com/cb#x'] } });
      assert.equal(redirect.statusCode, 400);
      assert.deepEqual(redirect.json<RfcError>(), {
        error: 'invalid_redirect_uri',
        error_description: 'redirect_uris[0]: "https://rp.example.com/cb#x" must not contain a fragment (#), RFC 6749 §3.1.2',
      });
      const metadata = await t.request('POST', '/oauth2/v1/clients', {
        body: { client_name: 'Bad service', application_type: 'service', grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt' },
      });
      assert.deepEqual(metadata.json<RfcError>(), {
        error: 'invalid_client_metadata',
        error_description: "jwks: 'private_key_jwt' needs at least one active public key in 'jwks.keys'",
      });
      const typed = await t.request('POST', '/oauth2/v1/clients', { body: { client_name: 'Typed', redirect_uris: 'https://x.example.com' } });
      assert.deepEqual(typed.json<RfcError>(), { error: 'invalid_redirect_uri', error_description: 'redirect_uris: must be array' });
      const nameless = await t.request('POST', '/oauth2/v1/clients', { body: { redirect_uris: ['https://rp.example.com/cb'] } });
      assert.deepEqual(nameless.json<RfcError>(), { error: 'invalid_client_metadata', error_description: 'client_name: The field cannot be left blank' });
      assert.equal(await appCount(t), before);
      // What RFC 7591 has no code for keeps the Management API's Okta body.
      const missing = await t.request('GET', '/oauth2/v1/clients/0oa00000000000000000');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<OktaErrorJson>().errorCode, 'E0000007');
      const anonymous = await t.request('GET', '/oauth2/v1/clients', { token: null });
      assert.equal(anonymous.statusCode, 403);
      assert.equal(anonymous.json<OktaErrorJson>().errorCode, 'E0000005');
    });

    it('replaces a client with PUT and rotates its secret with newSecret', async () => {
      const client = (await t.request('POST', '/oauth2/v1/clients', { body: WEB_CLIENT })).json<ClientJson>();
      const first = client.client_secret ?? '';
      const put = await t.request('PUT', `/oauth2/v1/clients/${client.client_id}`, {
        body: { ...client, client_name: 'Renamed', redirect_uris: ['https://rp.example.com/other'], token_endpoint_auth_method: 'client_secret_post' },
      });
      assert.equal(put.statusCode, 200, put.body);
      const replaced = put.json<ClientJson>();
      assert.deepEqual(
        [replaced.client_name, replaced.redirect_uris, replaced.token_endpoint_auth_method, replaced.client_secret],
        ['Renamed', ['https://rp.example.com/other'], 'client_secret_post', undefined],
      );
      const mismatch = await t.request('PUT', `/oauth2/v1/clients/${client.client_id}`, { body: { ...WEB_CLIENT, client_id: '0oa11111111111111111' } });
      assert.deepEqual(mismatch.json<RfcError>().error, 'invalid_client_metadata');

      const rotated = await t.request('POST', `/oauth2/v1/clients/${client.client_id}/lifecycle/newSecret`);
      assert.equal(rotated.statusCode, 200, rotated.body);
      const second = rotated.json<ClientJson>().client_secret ?? '';
      assert.match(second, /^[A-Za-z0-9_-]{64}$/);
      assert.notEqual(second, first);
      assert.deepEqual(
        (await t.store.apps.listSecrets(client.client_id)).map((x) => x.digest),
        [secretDigest(second)],
        'the old secret stops working at once',
      );
      assert.ok(!(await t.request('GET', `/oauth2/v1/clients/${client.client_id}`)).body.includes(second));

      const keyClient = (
        await t.request('POST', '/oauth2/v1/clients', {
          body: {
            client_name: 'Key client',
            application_type: 'service',
            grant_types: ['client_credentials'],
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [rsaJwk('x')] },
          },
        })
      ).json<ClientJson>();
      const noSecret = await t.request('POST', `/oauth2/v1/clients/${keyClient.client_id}/lifecycle/newSecret`);
      assert.deepEqual(noSecret.json<RfcError>(), {
        error: 'invalid_client_metadata',
        error_description: "client_secret: this client authenticates with 'private_key_jwt'; it has no client secret",
      });
    });

    it('deregisters a client with DELETE, active or not', async () => {
      const client = (await t.request('POST', '/oauth2/v1/clients', { body: WEB_CLIENT })).json<ClientJson>();
      assert.equal((await t.request('DELETE', `/oauth2/v1/clients/${client.client_id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/api/v1/apps/${client.client_id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/oauth2/v1/clients/${client.client_id}`)).statusCode, 404);
    });

    it('needs okta.clients permissions: an administrator without apps.manage may list but not register', async () => {
      const readOnly = await userWithRoles(t, 'ro@dcr.example.com', ['READ_ONLY_ADMIN']);
      assert.equal((await t.request('GET', '/oauth2/v1/clients', { token: readOnly.token })).statusCode, 200);
      const refused = await t.request('POST', '/oauth2/v1/clients', { token: readOnly.token, body: WEB_CLIENT });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<OktaErrorJson>().errorCode, 'E0000006');
    });
  });
}
