import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, requestToken } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

for (const kind of await storeKinds()) {
  describe(`client credentials end to end (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('issues a scoped token that lists users but cannot create one', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['SUPER_ADMIN'] });
      const res = await requestToken(t, client, 'okta.users.read okta.users.manage');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.scope, 'okta.users.read');
      assert.equal(body.expires_in, 3600);
      const list = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${body.access_token}` });
      assert.equal(list.statusCode, 200, list.body);
      const create = await t.request('POST', '/api/v1/users', {
        authorization: `Bearer ${body.access_token}`,
        body: { profile: { login: 'x@example.com', email: 'x@example.com', firstName: 'X', lastName: 'Y' } },
      });
      assert.equal(create.statusCode, 403);
      assert.match(String(create.headers['www-authenticate']), /error="insufficient_scope"/);
    });

    it('answers an expired token with 401, never 403', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const token = (await requestToken(t, client, 'okta.users.read')).json().access_token as string;
      t.clock.advance(3700_000);
      const res = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${token}` });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().errorCode, 'E0000011');
      assert.match(String(res.headers['www-authenticate']), /error="invalid_token"/);
    });
  });
}
