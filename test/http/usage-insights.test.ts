/**
 * Usage insights over HTTP, on both databases: what a credential did, counted at the edge and
 * flushed by the node (never written on the request path), read back exactly through
 * /api/v1/api-tokens/{id}/usage and /suggestion, the `lastUsed` of the token list, the org's
 * credential-risk report, who may read which, and the sums of two nodes on one PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { createStore } from '../../src/store/create-store.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, requestToken } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';

const DAY = 86_400_000;
const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, users: 1_000_000, apiTokens: 1_000_000, groups: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };
const AGENT = { 'user-agent': 'nightly-sync/2.1' };

async function flush(t: TestApp): Promise<void> {
  await t.app.services.meter?.flush();
}

for (const kind of await storeKinds()) {
  describe(`usage insights (${kind})`, () => {
    let t: TestApp;
    let reader: TestPrincipal;
    before(async () => {
      t = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
      reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
    });
    after(() => t.close());

    it('counts each request by permission, endpoint pattern, day and outcome, exactly, after a flush', async () => {
      const day1 = t.clock.now();
      for (let i = 0; i < 3; i++)
        assert.equal((await t.request('GET', `/api/v1/users/${t.admin.user.id}`, { token: reader.token, headers: AGENT })).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/groups', { token: reader.token, headers: AGENT })).statusCode, 200);
      const refused = await t.request('POST', '/api/v1/groups', { token: reader.token, body: { profile: { name: 'nope' } }, headers: AGENT });
      assert.equal(refused.statusCode, 403);
      assert.equal((await t.request('GET', '/api/v1/users/00u_no_such_user_000', { token: reader.token, headers: AGENT })).statusCode, 404);
      t.clock.advance(DAY);
      assert.equal((await t.request('GET', '/api/v1/groups', { token: reader.token, headers: { 'user-agent': 'nightly-sync/2.2' } })).statusCode, 200);

      // Nothing is written until the node flushes.
      assert.deepEqual((await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/usage`)).json().totals, { requests: 0, refused: 0 });
      await flush(t);

      const usage = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/usage`);
      assert.equal(usage.statusCode, 200);
      const report = usage.json();
      assert.deepEqual(report.credential, { type: 'API_TOKEN', id: reader.tokenId });
      assert.deepEqual(report.totals, { requests: 7, refused: 1 });
      assert.deepEqual(
        report.byPermission.map((p: { permission: string; requests: number }) => [p.permission, p.requests]),
        [
          ['okta.users.read', 4],
          ['okta.groups.read', 2],
        ],
      );
      const endpoints = Object.fromEntries(
        report.byEndpoint.map((e: { method: string; route: string; requests: number; refused: number }) => [`${e.method} ${e.route}`, [e.requests, e.refused]]),
      );
      assert.deepEqual(endpoints, { 'GET /api/v1/users/:userId': [4, 0], 'GET /api/v1/groups': [2, 0], 'POST /api/v1/groups': [1, 1] });
      assert.deepEqual(report.daily, [
        { date: new Date(day1).toISOString().slice(0, 10), requests: 6, refused: 1 },
        { date: new Date(day1 + DAY).toISOString().slice(0, 10), requests: 1, refused: 0 },
      ]);
      assert.deepEqual(report.lastUsed, { at: new Date(day1 + DAY).toISOString(), ipAddress: '127.0.0.1', userAgent: 'nightly-sync/2.2' });

      // A window of the first day only.
      const first = await t.request(
        'GET',
        `/api/v1/api-tokens/${reader.tokenId}/usage?since=${new Date(day1).toISOString()}&until=${new Date(day1 + 1000).toISOString()}`,
      );
      assert.deepEqual(first.json().totals, { requests: 6, refused: 1 });
    });

    it('a request a target rule refuses after the decision let it through counts as refused, not as a success', async () => {
      const userAdmin = await userWithRoles(t, 'user-admin@example.com', ['USER_ADMIN']);
      const refused = await t.request('POST', `/api/v1/users/${t.admin.user.id}/lifecycle/deactivate`, { token: userAdmin.token });
      assert.equal(refused.statusCode, 403);
      await flush(t);
      const report = (await t.request('GET', `/api/v1/api-tokens/${userAdmin.tokenId}/usage`)).json();
      assert.deepEqual(report.totals, { requests: 1, refused: 1 });
      assert.deepEqual(
        report.byEndpoint.map((e: { route: string; requests: number; refused: number }) => [e.route, e.requests, e.refused]),
        [['/api/v1/users/:userId/lifecycle/deactivate', 1, 1]],
      );
    });

    it('GET /api/v1/api-tokens shows each token’s last use', async () => {
      const list = await t.request('GET', '/api/v1/api-tokens?limit=200');
      const mine = list.json().find((token: { id: string }) => token.id === reader.tokenId);
      assert.equal(mine.lastUsed.userAgent, 'nightly-sync/2.2');
      const single = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}`);
      assert.deepEqual(single.json().lastUsed, mine.lastUsed);
    });

    it('suggests the narrowest role and the scopes that would have allowed every request, and the unused permissions', async () => {
      const response = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/suggestion`);
      assert.equal(response.statusCode, 200);
      const suggestion = response.json();
      assert.deepEqual(suggestion.holds, { roles: ['READ_ONLY_ADMIN'] });
      assert.deepEqual(suggestion.observedPermissions, ['okta.groups.read', 'okta.users.read']);
      assert.deepEqual(suggestion.suggested, { scopes: ['okta.groups.read', 'okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      assert.ok(suggestion.unusedPermissions.includes('okta.logs.read'));
      assert.ok(!suggestion.unusedPermissions.includes('okta.users.read'));
      assert.equal(suggestion.basedOn.requests, 7);
    });

    it('a caller without okta.apiTokens.read reads its own token’s insights, and another’s are 404', async () => {
      const other = await userWithRoles(t, 'other@example.com', ['USER_ADMIN']);
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${other.tokenId}/usage`, { token: other.token })).statusCode, 200);
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${other.tokenId}/suggestion`, { token: other.token })).statusCode, 200);
      for (const path of ['usage', 'suggestion']) {
        const response = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/${path}`, { token: other.token });
        assert.equal(response.statusCode, 404, path);
        assert.equal(response.json().errorCode, 'E0000007');
      }
      // The org's risk report names every token: only okta.apiTokens.read opens it.
      assert.equal((await t.request('GET', '/api/v1/insights/credentials', { token: other.token })).statusCode, 403);
    });

    it('refuses a malformed or inverted window with E0000001 naming the field', async () => {
      const bad = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/usage?since=yesterday`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errorCode, 'E0000001');
      assert.match(bad.json().errorCauses[0].errorSummary, /since/);
      const inverted = await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/usage?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z`);
      assert.equal(inverted.statusCode, 400);
    });

    it('the credential-risk report flags super-admin, never-used and expiring tokens and filters by flag', async () => {
      const idle = await userWithRoles(t, 'idle@example.com', ['SUPER_ADMIN']);
      await flush(t);
      const all = await t.request('GET', '/api/v1/insights/credentials?limit=200');
      assert.equal(all.statusCode, 200);
      const byId = new Map(all.json().map((c: { credential: { id: string } }) => [c.credential.id, c]));
      const idleRow = byId.get(idle.tokenId) as { flags: string[]; kind: string; owner: { id: string }; lastUsed: unknown };
      assert.deepEqual(idleRow.flags, ['SUPER_ADMIN_TOKEN', 'NEVER_USED']);
      assert.equal(idleRow.kind, 'API_TOKEN');
      assert.equal(idleRow.owner.id, idle.user.id);
      const readerRow = byId.get(reader.tokenId) as { flags: string[] };
      assert.deepEqual(readerRow.flags, ['MIGRATION_CANDIDATE']);

      const supers = await t.request('GET', '/api/v1/insights/credentials?flag=SUPER_ADMIN_TOKEN');
      assert.ok(supers.json().every((c: { flags: string[] }) => c.flags.includes('SUPER_ADMIN_TOKEN')));
      assert.ok(supers.json().some((c: { credential: { id: string } }) => c.credential.id === idle.tokenId));

      // 24 days later the idle token expires within 7 days, and has been unused for 30 days soon after.
      t.clock.advance(24 * DAY);
      const later = await t.request('GET', '/api/v1/insights/credentials?flag=EXPIRES_WITHIN_7_DAYS&limit=200');
      assert.ok(later.json().some((c: { credential: { id: string } }) => c.credential.id === idle.tokenId));
      const unknown = await t.request('GET', '/api/v1/insights/credentials?flag=RISKY');
      assert.equal(unknown.statusCode, 400);
    });

    it('counts a service app’s requests under the app, and suggests from its scopes and client roles', async () => {
      const client = await createServiceApp(t, { scopes: ['okta.users.read', 'okta.groups.manage'], roles: ['USER_ADMIN'] });
      const issued = await requestToken(t, client, 'okta.users.read okta.groups.manage');
      assert.equal(issued.statusCode, 200, issued.body);
      const bearer = `Bearer ${issued.json().access_token}`;
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', '/api/v1/users', { authorization: bearer })).statusCode, 200);
      const refused = await t.request('GET', '/api/v1/logs', { authorization: bearer });
      assert.equal(refused.statusCode, 403);
      await flush(t);
      const usage = (await t.request('GET', `/api/v1/apps/${client.clientId}/usage`)).json();
      assert.deepEqual(usage.credential, { type: 'APP', id: client.clientId });
      assert.deepEqual(usage.totals, { requests: 3, refused: 1 });
      const suggestion = (await t.request('GET', `/api/v1/apps/${client.clientId}/suggestion`)).json();
      assert.deepEqual(suggestion.holds, { roles: ['USER_ADMIN'], scopes: ['okta.groups.manage', 'okta.users.read'] });
      assert.deepEqual(suggestion.suggested, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      assert.ok(suggestion.unusedPermissions.includes('okta.groups.members.manage'));
      const report = (await t.request('GET', '/api/v1/insights/credentials?limit=200')).json();
      const row = report.find((c: { credential: { id: string } }) => c.credential.id === client.clientId);
      assert.equal(row.kind, 'SERVICE_APP');
      assert.equal(row.expiresAt, null);
      assert.equal((await t.request('GET', '/api/v1/apps/0oa_no_such_app_0000/usage')).statusCode, 404);
    });

    it('pages the risk report with Link headers', async () => {
      const first = await t.request('GET', '/api/v1/insights/credentials?limit=1');
      assert.equal(first.json().length, 1);
      const next = /<[^>]*\/api\/v1\/insights\/credentials\?([^>]*)>; rel="next"/.exec(String(first.headers['link']));
      assert.ok(next !== null, String(first.headers['link']));
      const second = await t.request('GET', `/api/v1/insights/credentials?${next[1]}`);
      assert.notEqual(second.json()[0].credential.id, first.json()[0].credential.id);
    });
  });
}

if ((await storeKinds()).includes('postgres')) {
  describe('usage insights across two nodes (postgres)', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp('postgres', { config: { rateLimit: UNLIMITED } });
    });
    after(() => t.close());

    it('sums what each node counted, exactly', async () => {
      const second = await buildApp({ config: t.config, store: createStore(t.database), clock: t.clock });
      try {
        const reader = await userWithRoles(t, 'two-nodes@example.com', ['READ_ONLY_ADMIN']);
        const call = (app: typeof second, n: number) =>
          Promise.all(
            Array.from({ length: n }, () => app.fastify.inject({ method: 'GET', url: '/api/v1/groups', headers: { authorization: `SSWS ${reader.token}` } })),
          );
        await call(t.app, 5);
        await call(second, 7);
        await t.app.services.meter?.flush();
        await second.services.meter?.flush();
        const report = (await t.request('GET', `/api/v1/api-tokens/${reader.tokenId}/usage`)).json();
        assert.deepEqual(report.totals, { requests: 12, refused: 0 });
        assert.deepEqual(
          report.byEndpoint.map((e: { requests: number }) => e.requests),
          [12],
        );
      } finally {
        await second.fastify.close();
      }
    });
  });
}

describe('usage insights off (sqlite)', () => {
  it('records nothing and shows no last use', async () => {
    const t = await startTestApp('sqlite', { config: { usage: { enabled: false, flushMs: 60_000, retentionDays: 90 } } });
    try {
      assert.equal(t.app.services.meter, undefined);
      assert.equal((await t.request('GET', '/api/v1/groups')).statusCode, 200);
      const usage = (await t.request('GET', `/api/v1/api-tokens/${t.admin.tokenId}/usage`)).json();
      assert.deepEqual(usage.totals, { requests: 0, refused: 0 });
      assert.equal(usage.lastUsed, null);
    } finally {
      await t.close();
    }
  });
});
