/**
 * Cross-cutting behaviour of /api/v1 (issue #2 "Errors and bad input" and the wire rules):
 * Okta error bodies and codes for unknown paths, wrong methods and bad credentials, the
 * request id on every response, JSON content types, and `//api/v1/...` paths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type RequestOptions, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, createUser, oktaError, type UserJson } from './users-fixtures.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

for (const kind of await storeKinds()) {
  describe(`errors and wire rules (${kind})`, () => {
    let t: TestApp;
    let user: UserJson;
    /** Every response seen by this suite, to check the rules that hold for all of them. */
    const seen: { label: string; res: LightMyRequestResponse }[] = [];
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
      user = await createUser(t, 'wire@example.com');
    });
    after(() => t.close());

    async function call(method: Method, url: string, options: RequestOptions = {}): Promise<LightMyRequestResponse> {
      const res = await t.request(method, url, options);
      seen.push({ label: `${method} ${url}`, res });
      return res;
    }

    it('answers an unknown path with 404 E0000007', async () => {
      for (const path of ['/api/v1/nothing-here', '/api/v1/users/00uAAAAAAAAAAAAAAAAA/nothing', '/nowhere']) {
        const body = oktaError(await call('GET', path), 404, 'E0000007');
        assert.match(body.errorSummary, /^Not found: /);
      }
    });

    it('answers a known path with a method it does not serve with 405 E0000022', async () => {
      const cases: [Method, string][] = [
        ['PATCH', '/api/v1/users'],
        ['DELETE', '/api/v1/users'],
        ['PATCH', `/api/v1/users/${user.id}`],
        ['GET', `/api/v1/users/${user.id}/lifecycle/suspend`],
        ['PUT', `/api/v1/users/${user.id}/lifecycle/activate`],
      ];
      for (const [method, path] of cases) {
        const body = oktaError(await call(method, path), 405, 'E0000022');
        assert.equal(body.errorSummary, 'The endpoint does not support the provided HTTP method');
      }
    });

    it('serves //api/v1/... as the single-slash path', async () => {
      const list = await call('GET', '//api/v1/users');
      assert.equal(list.statusCode, 200, list.body);
      assert.ok(Array.isArray(list.json()));
      const one = await call('GET', `//api/v1/users/${user.id}`);
      assert.equal(one.statusCode, 200);
      assert.equal(one.json<UserJson>().id, user.id);
      const suspended = await call('POST', `//api/v1/users/${user.id}/lifecycle/suspend`);
      assert.equal(suspended.statusCode, 200, suspended.body);
      assert.equal((await call('POST', `//api/v1/users/${user.id}/lifecycle/unsuspend`)).statusCode, 200);
    });

    it('answers a missing Authorization header or an unknown scheme with 403 E0000005', async () => {
      const cases: RequestOptions[] = [
        { token: null },
        { authorization: '' },
        { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
        { authorization: `Token ${t.admin.token}` },
      ];
      for (const options of cases) {
        const body = oktaError(await call('GET', '/api/v1/users', options), 403, 'E0000005');
        assert.equal(body.errorSummary, 'Invalid session');
      }
      oktaError(await call('POST', '/api/v1/users', { token: null, body: { profile: {} } }), 403, 'E0000005');
    });

    it('answers a malformed, unknown or undefined token with 401 E0000011 and WWW-Authenticate, hinting at nothing', async () => {
      const cases: RequestOptions[] = [
        { token: 'not-a-token' },
        { token: '00' + 'x'.repeat(40) },
        { token: t.admin.token.slice(0, -1) + (t.admin.token.endsWith('A') ? 'B' : 'A') },
        { authorization: 'Bearer undefined' },
        { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
        { authorization: `Bearer ${t.admin.token}` },
        { authorization: 'DPoP undefined' },
      ];
      const summaries = new Set<string>();
      for (const options of cases) {
        const res = await call('GET', `/api/v1/users/${user.id}`, options);
        const body = oktaError(res, 401, 'E0000011');
        assert.ok(res.headers['www-authenticate'], `WWW-Authenticate for ${JSON.stringify(options)}`);
        summaries.add(JSON.stringify([body.errorSummary, body.errorCauses]));
      }
      assert.deepEqual([...summaries], [JSON.stringify(['Invalid token provided', []])], 'one answer for every bad token');
    });

    it('refuses bad bodies with Okta codes on every write route', async () => {
      const writes: [Method, string][] = [
        ['POST', '/api/v1/users'],
        ['POST', `/api/v1/users/${user.id}`],
        ['PUT', `/api/v1/users/${user.id}`],
      ];
      for (const [method, path] of writes) {
        oktaError(await call(method, path, { body: '{"profile": {"login": ' }), 400, 'E0000003');
        const big = await call(method, path, { body: JSON.stringify({ profile: { bio: 'x'.repeat(1_048_577) } }) });
        assert.match(oktaError(big, 400, 'E0000003').errorCauses[0]?.errorSummary ?? '', /too large.*1048576 bytes/);
        oktaError(await call(method, path, { body: { profile: { login: 5 } } }), 400, 'E0000001');
        const text = await call(method, path, { body: 'profile=1', headers: { 'content-type': 'text/plain' } });
        assert.ok(text.statusCode >= 400 && text.statusCode < 500, text.body);
        oktaError(text, text.statusCode, text.json<{ errorCode: string }>().errorCode);
      }
    });

    it('gives every error Okta’s five fields, with a JSON content type', () => {
      const errors = seen.filter((s) => s.res.statusCode >= 400);
      assert.ok(errors.length >= 30, `${errors.length} errors seen`);
      for (const { label, res } of errors) {
        assert.match(String(res.headers['content-type']), /^application\/json/, label);
        const body = res.json<Record<string, unknown>>();
        assert.deepEqual(Object.keys(body).sort(), ['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary'], label);
        assert.match(String(body['errorCode']), /^E\d{7}$/, label);
      }
    });

    it('sends X-Okta-Request-Id on every response and a JSON content type on every 2xx body', async () => {
      const created = await call('POST', '/api/v1/users', {
        body: { profile: { login: 'wire2@example.com', email: 'wire2@example.com', firstName: 'W', lastName: 'Two' } },
      });
      assert.equal(created.statusCode, 200);
      await call('POST', `/api/v1/users/${created.json<UserJson>().id}`, { body: { profile: { title: 'x' } } });
      await call('POST', `/api/v1/users/${created.json<UserJson>().id}/lifecycle/deactivate`);
      await call('DELETE', `/api/v1/users/${created.json<UserJson>().id}`);
      const ids = new Set<string>();
      for (const { label, res } of seen) {
        const id = res.headers['x-okta-request-id'];
        assert.match(String(id), /^req[0-9A-Za-z]{22}$/, label);
        ids.add(String(id));
        if (res.statusCode >= 200 && res.statusCode < 300 && res.body !== '') {
          assert.match(String(res.headers['content-type']), /^application\/json/, label);
        }
      }
      assert.equal(ids.size, seen.length, 'a new request id per request');
      assert.ok(
        seen.some((s) => s.res.statusCode === 204 && s.res.body === ''),
        'a 204 has no body',
      );
    });
  });
}
