import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

for (const kind of await storeKinds()) {
  describe(`foundation (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('creates and reads a user with an SSWS token', async () => {
      const created = await t.request('POST', '/api/v1/users?activate=true', {
        body: {
          profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', age: 33 },
          credentials: { password: { value: 'Sup3r-Secret!' } },
        },
      });
      assert.equal(created.statusCode, 200, created.body);
      const user = created.json();
      assert.match(user.id, /^00u[0-9A-Za-z]{17}$/);
      assert.equal(user.status, 'ACTIVE');
      assert.equal(user.profile.age, 33);
      assert.equal(user._links.self.href, `${t.config.orgUrl}/api/v1/users/${user.id}`);
      const got = await t.request('GET', `//api/v1/users/${user.id}`);
      assert.equal(got.statusCode, 200);
      assert.match(String(got.headers['content-type']), /application\/json/);
      assert.ok(got.headers['x-okta-request-id']);
      assert.ok(got.headers['x-rate-limit-limit']);
    });

    it('refuses a request without credentials with 403 E0000005', async () => {
      const res = await t.request('GET', '/api/v1/users', { token: null });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().errorCode, 'E0000005');
    });

    it('refuses an unknown token with 401 E0000011', async () => {
      const res = await t.request('GET', '/api/v1/users', { token: '00' + 'a'.repeat(40) });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().errorCode, 'E0000011');
    });
  });
}
