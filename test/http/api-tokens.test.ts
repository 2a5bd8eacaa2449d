/**
 * /api/v1/api-tokens over HTTP, on both databases: Okta's ApiToken object, list paging and `q`,
 * rename, revoke by id and revoke-current, and the own-objects rule for callers without
 * okta.apiTokens.* (others' tokens are 404, so ids do not leak).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decide } from '../../src/auth/decide.js';
import { ENDPOINT_ACCESS } from '../../src/auth/endpoint-access.js';
import { permissionsOfRoles } from '../../src/auth/permissions.js';
import { isoAt } from '../../src/clock.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { secretDigest } from '../../src/crypto/secret-digest.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';

const ORG_URL = 'https://tessera.example.com';
const DAY = 86_400_000;
/** Many requests are made at one instant of the manual clock: lift the per-minute limits. */
const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, apiTokens: 1_000_000, users: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };

interface ApiTokenJson {
  id: string;
  name: string;
  userId: string;
  clientName: string;
  created: string;
  lastUpdated: string;
  expiresAt: string;
  tokenWindow: string;
  network: { connection: string };
  _links: { self: { href: string; hints: { allow: string[] } }; user: { href: string; hints: { allow: string[] } } };
}

async function eventsOf(t: TestApp, type: string): Promise<LogEventRecord[]> {
  const rows = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
  return rows.map((r) => r.event).filter((e) => e.eventType === type);
}

/** The rel="next" URL of a response, made relative to the org URL; undefined without one. */
function nextLink(headers: Record<string, unknown>): string | undefined {
  const raw = headers['link'];
  const values = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(/,\s*(?=<)/) : [];
  const next = values.find((v) => v.endsWith('rel="next"'));
  const url = next === undefined ? undefined : /^<([^>]+)>/.exec(next)?.[1];
  if (url === undefined) return undefined;
  assert.ok(url.startsWith(ORG_URL + '/api/v1/api-tokens?'), url);
  return url.slice(ORG_URL.length);
}

for (const kind of await storeKinds()) {
  describe(`API tokens (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL, rateLimit: UNLIMITED } });
    });
    after(() => t.close());

    it('shows Okta’s ApiToken object with absolute links and never the secret', async () => {
      const list = await t.request('GET', '/api/v1/api-tokens', { headers: { host: 'evil.example.net' } });
      assert.equal(list.statusCode, 200, list.body);
      assert.match(String(list.headers['content-type']), /^application\/json/);
      const mine = list.json<ApiTokenJson[]>().find((tok) => tok.id === t.admin.tokenId);
      assert.ok(mine, 'the admin token is listed');
      assert.deepEqual(Object.keys(mine).sort(), [
        '_links',
        'clientName',
        'created',
        'expiresAt',
        'id',
        'lastUpdated',
        // Tessera's additive extension: the token's last use (null until one is flushed).
        'lastUsed',
        'name',
        'network',
        'tokenWindow',
        'userId',
      ]);
      assert.match(mine.id, /^00T[0-9A-Za-z]{17}$/);
      assert.equal(mine.name, 'admin token');
      assert.equal(mine.userId, t.admin.user.id);
      assert.equal(mine.clientName, 'Okta API');
      assert.equal(mine.tokenWindow, 'P30D');
      assert.deepEqual(mine.network, { connection: 'ANYWHERE' });
      // This very request used the token: it expires 30 days from now.
      assert.equal(mine.expiresAt, isoAt(t.clock.now() + 30 * DAY));
      assert.deepEqual(mine._links, {
        self: { href: `${ORG_URL}/api/v1/api-tokens/${mine.id}`, hints: { allow: ['GET', 'DELETE'] } },
        user: { href: `${ORG_URL}/api/v1/users/${t.admin.user.id}`, hints: { allow: ['GET'] } },
      });
      const one = await t.request('GET', `/api/v1/api-tokens/${mine.id}`);
      assert.equal(one.statusCode, 200);
      // The same object; `lastUsed` shows the request that read it (each counts once the access decision lets it through).
      assert.deepEqual(one.json(), mine);
      assert.deepEqual(one.json().lastUsed, { at: isoAt(t.clock.now()), ipAddress: '127.0.0.1', userAgent: 'lightMyRequest' });
      for (const body of [list.body, one.body]) {
        assert.ok(!body.includes(t.admin.token), 'the secret is never shown');
        assert.ok(!body.includes(secretDigest(t.admin.token)), 'nor its digest');
      }
    });

    it('pages with limit and after, and the next link repeats q and limit', async () => {
      for (let i = 0; i < 24; i++) await insertApiToken(t, t.admin.user.id, { name: `page-${String(i).padStart(2, '0')}` });
      const seen: string[] = [];
      let url: string | undefined = '/api/v1/api-tokens?q=page-&limit=10';
      const sizes: number[] = [];
      while (url !== undefined) {
        const res = await t.request('GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json<ApiTokenJson[]>();
        sizes.push(page.length);
        seen.push(...page.map((tok) => tok.id));
        url = nextLink(res.headers);
        if (url !== undefined) {
          assert.match(url, /[?&]q=page-(&|$)/);
          assert.match(url, /[?&]limit=10(&|$)/);
          assert.match(url, /[?&]after=00T[0-9A-Za-z]{17}(&|$)/);
        }
      }
      assert.deepEqual(sizes, [10, 10, 4]);
      assert.equal(new Set(seen).size, 24);
      assert.deepEqual(seen, [...seen].sort(), 'a stable order across pages');

      const byDefault = await t.request('GET', '/api/v1/api-tokens?q=page-');
      assert.equal(byDefault.json<unknown[]>().length, 20, 'limit defaults to 20');
      assert.ok(nextLink(byDefault.headers));
      const clamped = await t.request('GET', '/api/v1/api-tokens?q=page-&limit=5000');
      assert.equal(clamped.json<unknown[]>().length, 24, 'an oversized limit is clamped to 200');
      assert.equal(nextLink(clamped.headers), undefined, 'the last page has no next link');
    });

    it('refuses a bad limit or cursor with a 400 that names it', async () => {
      for (const [query, code] of [
        ['limit=0', 'E0000001'],
        ['limit=abc', 'E0000001'],
        ['limit=-5', 'E0000001'],
        ['after=not-a-cursor', 'E0000031'],
      ] as const) {
        const res = await t.request('GET', `/api/v1/api-tokens?${query}`);
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.json().errorCode, code, query);
        assert.match(JSON.stringify(res.json()), query.startsWith('limit') ? /limit/ : /after/);
      }
    });

    it('q matches the name or the clientName, case-insensitively', async () => {
      await insertApiToken(t, t.admin.user.id, { name: 'Deploy Bot' });
      const byName = await t.request('GET', '/api/v1/api-tokens?q=dEPLOY');
      assert.deepEqual(
        byName.json<ApiTokenJson[]>().map((tok) => tok.name),
        ['Deploy Bot'],
      );
      const byClient = await t.request('GET', '/api/v1/api-tokens?q=okta%20api&limit=200');
      const all = await t.request('GET', '/api/v1/api-tokens?limit=200');
      assert.equal(byClient.json<unknown[]>().length, all.json<unknown[]>().length);
      const none = await t.request('GET', '/api/v1/api-tokens?q=%25');
      assert.deepEqual(none.json(), [], 'LIKE wildcards are taken literally');
      assert.equal(nextLink(none.headers), undefined);
    });

    it('lists only active tokens: revoked and idle-expired ones are gone', async () => {
      const revoked = await insertApiToken(t, t.admin.user.id, { name: 'gone-revoked' });
      assert.equal((await t.request('DELETE', `/api/v1/api-tokens/${revoked.tokenId}`)).statusCode, 204);
      // Past its window, not presented since (so not yet revoked by the authenticator).
      const { tokenId: idle } = await insertApiToken(t, t.admin.user.id, { name: 'gone-idle', at: t.clock.now() - 31 * DAY });
      const listed = await t.request('GET', '/api/v1/api-tokens?q=gone-');
      assert.deepEqual(listed.json(), []);
      for (const id of [revoked.tokenId, idle]) {
        const res = await t.request('GET', `/api/v1/api-tokens/${id}`);
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().errorCode, 'E0000007');
      }
    });

    it('renames a token with PUT, ignoring the read-only fields echoed back', async () => {
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'before rename' });
      const fetched = (await t.request('GET', `/api/v1/api-tokens/${extra.tokenId}`)).json<ApiTokenJson>();
      t.clock.advance(1000);
      const res = await t.request('PUT', `/api/v1/api-tokens/${extra.tokenId}`, {
        body: {
          ...fetched,
          name: 'after rename',
          id: '00Tzzzzzzzzzzzzzzzzz',
          clientName: 'Other',
          created: '2000-01-01T00:00:00.000Z',
          tokenWindow: 'P1D',
          expiresAt: '2100-01-01T00:00:00.000Z',
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const renamed = res.json<ApiTokenJson>();
      assert.equal(renamed.name, 'after rename');
      assert.deepEqual({ ...renamed, name: fetched.name, lastUpdated: fetched.lastUpdated }, fetched, 'nothing but the name and lastUpdated changed');
      assert.equal(renamed.lastUpdated, isoAt(t.clock.now()));
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${extra.tokenId}`)).json<ApiTokenJson>().name, 'after rename');
      const minimal = await t.request('PUT', `/api/v1/api-tokens/${extra.tokenId}`, { body: { name: 'minimal', network: { connection: 'ANYWHERE' } } });
      assert.equal(minimal.statusCode, 200);
      const updates = (await eventsOf(t, 'system.api_token.update')).filter((e) => e.target.some((x) => x.id === extra.tokenId));
      assert.equal(updates.length, 2);
      assert.equal(updates[0]?.transaction.detail['requestApiTokenId'], t.admin.tokenId);
    });

    it('refuses a bad update with one cause per field, and writes nothing', async () => {
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'untouched' });
      const path = `/api/v1/api-tokens/${extra.tokenId}`;
      const updatesBefore = (await eventsOf(t, 'system.api_token.update')).length;
      const both = await t.request('PUT', path, { body: { name: '   ', network: { connection: 'ZONE' } } });
      assert.equal(both.statusCode, 400);
      assert.equal(both.json().errorCode, 'E0000001');
      const causes = both.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses.map((c) => c.errorSummary);
      assert.equal(causes.length, 2, JSON.stringify(causes));
      assert.ok(causes.some((c) => c.startsWith('name:')));
      assert.ok(
        causes.some((c) => c.startsWith('network: ')),
        'a ZONE condition without zones',
      );
      for (const body of [{}, { name: 42 }, { name: 'x', userId: '00u00000000000000000' }, { name: 'x'.repeat(256) }]) {
        const res = await t.request('PUT', path, { body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.equal(res.json().errorCode, 'E0000001');
        assert.equal(res.json().errorCauses.length, 1, res.body);
      }
      const broken = await t.request('PUT', path, { body: '{"name": ' });
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().errorCode, 'E0000003');
      assert.equal((await t.store.apiTokens.get(extra.tokenId))?.name, 'untouched');
      assert.equal((await eventsOf(t, 'system.api_token.update')).length, updatesBefore);
      const missing = await t.request('PUT', '/api/v1/api-tokens/00T00000000000000000', { body: { name: 'x' } });
      assert.equal(missing.statusCode, 404);
    });

    it('revokes a token by id: 204, then 404, and the token stops working', async () => {
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'to revoke' });
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: extra.token })).statusCode, 200);
      const res = await t.request('DELETE', `/api/v1/api-tokens/${extra.tokenId}`);
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${extra.tokenId}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/api/v1/api-tokens/${extra.tokenId}`)).statusCode, 404);
      const used = await t.request('GET', '/api/v1/users/me', { token: extra.token });
      assert.equal(used.statusCode, 401);
      assert.equal(used.json().errorCode, 'E0000011');
      const revokes = (await eventsOf(t, 'system.api_token.revoke')).filter((e) => e.target.some((x) => x.id === extra.tokenId));
      assert.equal(revokes.length, 1);
      assert.equal(revokes[0]?.actor.id, t.admin.user.id);
      for (const id of ['00T00000000000000000', '00uNotATokenId000000', 'nonsense']) {
        const unknown = await t.request('GET', `/api/v1/api-tokens/${id}`);
        assert.equal(unknown.statusCode, 404, id);
        assert.equal(unknown.json().errorCode, 'E0000007');
      }
    });

    it('DELETE /api/v1/api-tokens/current revokes the calling token only', async () => {
      const ops = await userWithRoles(t, 'current-revoker@example.com', ['ORG_ADMIN']);
      const other = await insertApiToken(t, ops.user.id, { name: 'second of ops' });
      const res = await t.request('DELETE', '/api/v1/api-tokens/current', { token: ops.token });
      assert.equal(res.statusCode, 204);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 401);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: other.token })).statusCode, 200);
      const revoke = (await eventsOf(t, 'system.api_token.revoke')).find((e) => e.target.some((x) => x.id === ops.tokenId));
      assert.equal(revoke?.transaction.detail['requestApiTokenId'], ops.tokenId);
    });

    it('DELETE /current is for API tokens only: any other credential kind is refused with 403', () => {
      const rule = ENDPOINT_ACCESS['DELETE /api/v1/api-tokens/current'];
      assert.ok(rule);
      const roles = ['SUPER_ADMIN'];
      const subject = { kind: 'user', userId: t.admin.user.id, login: 'admin@example.com' } as const;
      const viaAccessToken = decide(
        {
          subject,
          credential: { kind: 'access_token', tokenId: 'x', clientId: '0oa1', scopes: new Set(['okta.apiTokens.manage']), dpop: false },
          roles,
          rolePermissions: permissionsOfRoles(roles),
          scopePermissions: permissionsOfRoles(roles),
        },
        rule,
        {},
      );
      assert.deepEqual(viaAccessToken, { allow: false, reason: 'ssws_only' });
      const viaSsws = decide(
        { subject, credential: { kind: 'ssws', tokenId: t.admin.tokenId }, roles, rolePermissions: permissionsOfRoles(roles), scopePermissions: undefined },
        rule,
        {},
      );
      assert.equal(viaSsws.allow, true);
    });

    it('a caller without okta.apiTokens.* sees, renames and revokes only its own tokens', async () => {
      const ops = await userWithRoles(t, 'own-only@example.com', ['ORG_ADMIN']);
      const second = await insertApiToken(t, ops.user.id, { name: 'own second' });
      const as = { token: ops.token };
      const listed = await t.request('GET', '/api/v1/api-tokens?limit=200', as);
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(
        listed
          .json<ApiTokenJson[]>()
          .map((tok) => tok.id)
          .sort(),
        [ops.tokenId, second.tokenId].sort(),
      );
      const foreign = `/api/v1/api-tokens/${t.admin.tokenId}`;
      for (const [method, body] of [
        ['GET', undefined],
        ['PUT', { name: 'hijacked' }],
        ['DELETE', undefined],
      ] as const) {
        const res = await t.request(method, foreign, { ...as, ...(body === undefined ? {} : { body }) });
        assert.equal(res.statusCode, 404, `${method} of another's token`);
        assert.equal(res.json().errorCode, 'E0000007');
      }
      assert.equal((await t.store.apiTokens.get(t.admin.tokenId))?.name, 'admin token');
      assert.equal((await t.request('GET', '/api/v1/users/me')).statusCode, 200, 'the admin token still works');
      const renamed = await t.request('PUT', `/api/v1/api-tokens/${second.tokenId}`, { ...as, body: { name: 'own renamed' } });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json<ApiTokenJson>().name, 'own renamed');
      assert.equal((await t.request('DELETE', `/api/v1/api-tokens/${second.tokenId}`, as)).statusCode, 204);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: second.token })).statusCode, 401);
      // The SUPER_ADMIN (okta.apiTokens.*) sees everyone's.
      const all = (await t.request('GET', '/api/v1/api-tokens?limit=200')).json<ApiTokenJson[]>();
      assert.ok(all.some((tok) => tok.id === ops.tokenId));
    });
  });
}
