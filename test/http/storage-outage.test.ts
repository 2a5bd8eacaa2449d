/**
 * Storage errors fail closed and the server recovers by itself (SECURITY.md "Faults"). The
 * server's PostgreSQL connections go through a TCP proxy that the test cuts, as a network
 * partition or a database restart does: every connection drops and new ones are refused. Then no
 * credential is accepted (an API token, an access token, a client assertion), nothing is written,
 * and the answers are 503 (Okta's E0000009 with `Retry-After` on /api/v1, `temporarily_unavailable`
 * on /oauth2). Once the database is reachable again the same requests succeed, without a restart.
 * PostgreSQL only: SQLite lives in the server's own process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { POSTGRES_URL, storeKinds } from '../helpers/databases.js';
import { clientAssertion, createServiceApp } from '../helpers/oauth.js';
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { accessToken, OAUTH_TEST_CONFIG, postForm, tokenForm } from '../oauth/oauth-fixtures.js';

const kinds = (await storeKinds()).filter((kind) => kind === 'postgres');

for (const kind of kinds) {
  describe(`a database outage (${kind})`, () => {
    let proxy: TcpProxy;
    let t: TestApp;
    before(async () => {
      const direct = new URL(POSTGRES_URL);
      proxy = await tcpProxy(direct.hostname, Number(direct.port === '' ? 5432 : direct.port));
      const proxied = new URL(POSTGRES_URL);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      t = await startTestApp(kind, { postgresUrl: proxied.toString(), config: OAUTH_TEST_CONFIG });
    });
    after(async () => {
      proxy.restore();
      await t.close();
      await proxy.close();
    });

    it('refuses every credential with 503 while the database is unreachable, writes nothing, and recovers without a restart', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const bearer = `Bearer ${await accessToken(t, client, 'okta.users.read')}`;
      const newUser = { profile: { login: 'outage@example.com', email: 'outage@example.com', firstName: 'Out', lastName: 'Age' } };
      assert.equal((await t.request('GET', '/api/v1/users/me')).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer })).statusCode, 200);

      proxy.cut();
      for (const res of [
        await t.request('GET', '/api/v1/users/me'),
        await t.request('GET', '/api/v1/users', { authorization: bearer }),
        await t.request('POST', '/api/v1/users', { body: newUser }),
      ]) {
        assert.equal(res.statusCode, 503, res.body);
        assert.equal(res.json().errorCode, 'E0000009');
        assert.equal(res.headers['retry-after'], '1');
      }
      const token = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)));
      assert.equal(token.statusCode, 503, token.body);
      assert.equal(token.json().error, 'temporarily_unavailable');

      proxy.restore();
      assert.equal((await t.request('GET', '/api/v1/users/me')).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer })).statusCode, 200);
      assert.equal((await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)))).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/users/outage@example.com')).statusCode, 404, 'the refused create wrote nothing');
      assert.equal((await t.request('POST', '/api/v1/users', { body: newUser })).statusCode, 200);
    });
  });
}
