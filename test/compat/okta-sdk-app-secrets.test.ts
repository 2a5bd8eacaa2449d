/**
 * Compatibility: a client secret replaced without downtime through `@okta/okta-sdk-nodejs` 8.x
 * (`applicationSSOPublicKeysApi`, SSWS mode): list, create (shown once), deactivate, delete,
 * and the errors the SDK surfaces for Okta's rules.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from '@okta/okta-sdk-nodejs';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { createApp, webAppBody } from '../http/apps.fixtures.js';
import { basic, postForm } from '../oauth/oauth-fixtures.js';
import { collect, expectOktaError, sdkClient } from './sdk-harness.js';

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs app client secrets (${kind})`, () => {
    let t: TestApp;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      client = sdkClient(t.baseUrl, t.admin.token).client;
    });
    after(() => t.close());

    const authenticates = async (appId: string, secret: string) =>
      (await postForm(t, '/oauth2/v1/introspect', { token: 'not-a-token' }, { headers: { authorization: basic(appId, secret) } })).statusCode === 200;

    it('rotates a client secret: add a second, deactivate and delete the first', async () => {
      const app = await createApp(t, webAppBody('SDK secret rotation'));
      const firstSecret = app.credentials.oauthClient.client_secret ?? '';
      const api = client.applicationSSOPublicKeysApi;

      const [first, ...others] = await collect(await api.listOAuth2ClientSecrets({ appId: app.id }));
      assert.deepEqual(others, []);
      assert.equal(first?.status, 'ACTIVE');
      assert.equal(first?.client_secret, undefined);
      assert.ok(first?.id !== undefined);

      const second = await api.createOAuth2ClientSecret({ appId: app.id });
      assert.equal(second.status, 'ACTIVE');
      assert.match(second.client_secret ?? '', /^[A-Za-z0-9_-]{64}$/);
      assert.ok(second.id !== undefined);
      assert.equal(await authenticates(app.id, second.client_secret ?? ''), true);

      const third = expectOktaError(api.createOAuth2ClientSecret({ appId: app.id, oAuth2ClientSecretRequestBody: { status: 'INACTIVE' } }), 400, 'E0000001');
      assert.match((await third).message, /more than 2 client secrets/);
      await expectOktaError(api.deleteOAuth2ClientSecret({ appId: app.id, secretId: first.id }), 400, 'E0000001');

      const deactivated = await api.deactivateOAuth2ClientSecret({ appId: app.id, secretId: first.id });
      assert.equal(deactivated.status, 'INACTIVE');
      assert.equal(await authenticates(app.id, firstSecret), false);
      await api.deleteOAuth2ClientSecret({ appId: app.id, secretId: first.id });
      await expectOktaError(api.getOAuth2ClientSecret({ appId: app.id, secretId: first.id }), 404, 'E0000007');
      const left = await collect(await api.listOAuth2ClientSecrets({ appId: app.id }));
      assert.deepEqual(
        left.map((s) => s.id),
        [second.id],
      );
      assert.equal(await authenticates(app.id, second.client_secret ?? ''), true);
    });
  });
}
