/**
 * HEAD under /api/v1, on both databases: Fastify answers it through the GET route (RFC 9110 §9.3.2:
 * the GET without the body), so the GET entry of the endpoint table decides it, and usage insights
 * count it, under HEAD, with the GET entry's permission. (Before, HEAD had no entry and passed
 * undecided: any valid token learnt with a 200 and a Content-Length whether a user existed.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';

const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, users: 1_000_000, apiTokens: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };

for (const kind of await storeKinds()) {
  describe(`HEAD requests (${kind})`, () => {
    let t: TestApp;
    let nobody: TestPrincipal;
    let reader: TestPrincipal;
    before(async () => {
      t = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
      nobody = await userWithRoles(t, 'nobody@example.com', []);
      reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
    });
    after(() => t.close());

    it('is refused where its GET is refused, and answered where its GET is answered', async () => {
      const other = `/api/v1/users/${t.admin.user.id}`;
      for (const method of ['GET', 'HEAD'] as const) {
        assert.equal((await t.request(method, other, { token: nobody.token })).statusCode, 403, `${method} of another user without a role`);
        assert.equal((await t.request(method, `/api/v1/users/${nobody.user.id}`, { token: nobody.token })).statusCode, 200, `${method} of itself`);
        assert.equal((await t.request(method, other, { token: reader.token })).statusCode, 200, `${method} with READ_ONLY_ADMIN`);
      }
      const head = await t.request('HEAD', other, { token: reader.token });
      const get = await t.request('GET', other, { token: reader.token });
      assert.equal(head.body, '');
      assert.equal(head.headers['content-length'], get.headers['content-length']);
    });

    it('is counted by usage insights under HEAD, apart from GET, with the GET entry’s permission', async () => {
      const counter = await userWithRoles(t, 'counter@example.com', ['READ_ONLY_ADMIN']);
      const stranger = await userWithRoles(t, 'stranger@example.com', []);
      const target = `/api/v1/users/${t.admin.user.id}`;
      // HEAD first: the GET after it must find counts of its own, not the HEAD's.
      for (let i = 0; i < 3; i++) assert.equal((await t.request('HEAD', target, { token: counter.token })).statusCode, 200);
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', target, { token: counter.token })).statusCode, 200);
      assert.equal((await t.request('HEAD', target, { token: stranger.token })).statusCode, 403);
      await t.app.services.meter?.flush();
      const day = new Date(t.clock.now()).toISOString().slice(0, 10);
      const counts = await t.store.usage.counts({
        credentialType: 'API_TOKEN',
        credentialIds: [counter.tokenId, stranger.tokenId],
        sinceDay: day,
        untilDay: day,
      });
      const rows = counts
        .map((c) => [c.credentialId === counter.tokenId ? 'counter' : 'stranger', c.method, c.route, c.permission, c.via, c.outcome, c.requests])
        .sort((a, b) => String(a).localeCompare(String(b)));
      assert.deepEqual(rows, [
        ['counter', 'GET', '/api/v1/users/:userId', 'okta.users.read', 'permission', 'SUCCESS', 2],
        ['counter', 'HEAD', '/api/v1/users/:userId', 'okta.users.read', 'permission', 'SUCCESS', 3],
        ['stranger', 'HEAD', '/api/v1/users/:userId', 'okta.users.read', 'none', 'REFUSED', 1],
      ]);
    });
  });
}
