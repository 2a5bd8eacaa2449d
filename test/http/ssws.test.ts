/**
 * SSWS API tokens over HTTP, on both databases, with the injected ManualClock (no sleeps):
 * one 401 for every bad token, idle expiry with a sliding window, coalesced last-use writes
 * (flushed on close), owner suspension and deactivation, live roles, and the token id on the
 * System Log events of the requests it makes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { newApiTokenSecret } from '../../src/crypto/secret-digest.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds, type StoreKind } from '../helpers/databases.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, apiTokens: 1_000_000, users: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };

async function eventsOf(t: TestApp, type: string): Promise<LogEventRecord[]> {
  const rows = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
  return rows.map((r) => r.event).filter((e) => e.eventType === type);
}

async function persistedLastUse(t: TestApp, tokenId: string): Promise<string | undefined> {
  await t.app.services.usage.settled();
  return (await t.store.apiTokens.get(tokenId))?.lastUsed;
}

/** The token's expiresAt as the API shows it (read with the admin token). */
async function expiresAtOf(t: TestApp, tokenId: string, adminToken: string): Promise<string> {
  const res = await t.request('GET', `/api/v1/api-tokens/${tokenId}`, { token: adminToken });
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ expiresAt: string }>().expiresAt;
}

const start = (kind: StoreKind) => startTestApp(kind, { config: { rateLimit: UNLIMITED } });

for (const kind of await storeKinds()) {
  describe(`SSWS tokens (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await start(kind);
    });
    after(() => t.close());

    it('answers a malformed, unknown, revoked or expired token with the same 401', async () => {
      const revoked = await insertApiToken(t, t.admin.user.id, { name: 'revoked' });
      assert.equal((await t.request('DELETE', `/api/v1/api-tokens/${revoked.tokenId}`)).statusCode, 204);
      const { token: expiredSecret, tokenId: expiredId } = await insertApiToken(t, t.admin.user.id, { name: 'expired', at: t.clock.now() - 31 * DAY });
      const bad = {
        short: 'abc',
        tooShort: '00' + 'a'.repeat(39),
        badCharacter: '00' + 'a'.repeat(39) + '!',
        tooLong: '00' + 'a'.repeat(41),
        unknown: newApiTokenSecret(),
        revoked: revoked.token,
        expired: expiredSecret,
      };
      const shapes = new Set<string>();
      for (const [what, token] of Object.entries(bad)) {
        const res = await t.request('GET', '/api/v1/users/me', { token });
        assert.equal(res.statusCode, 401, what);
        const body = res.json<Record<string, unknown>>();
        assert.match(String(body['errorId']), /^oae[0-9A-Za-z]{22}$/);
        shapes.add(JSON.stringify({ ...body, errorId: undefined, wwwAuthenticate: res.headers['www-authenticate'] }));
      }
      assert.deepEqual(
        [...shapes].map((s) => JSON.parse(s)),
        [{ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [], wwwAuthenticate: 'SSWS realm="Okta"' }],
      );
      // The reasons go to the System Log only.
      const failures = await eventsOf(t, 'system.api_token.authenticate');
      assert.ok(failures.length >= Object.keys(bad).length);
      assert.ok(failures.every((e) => e.outcome.result === 'FAILURE'));
      assert.equal((await eventsOf(t, 'system.api_token.expire')).filter((e) => e.target.some((x) => x.id === expiredId)).length, 1);
    });

    it('refuses a missing Authorization header or an unknown scheme with 403 E0000005', async () => {
      for (const authorization of [undefined, `Basic ${Buffer.from('a:b').toString('base64')}`, `Token ${t.admin.token}`]) {
        const res = await t.request('GET', '/api/v1/users/me', authorization === undefined ? { token: null } : { authorization });
        assert.equal(res.statusCode, 403, authorization);
        assert.equal(res.json().errorCode, 'E0000005');
      }
    });

    it('GET /api/v1/users/me with an SSWS token returns the token’s owner', async () => {
      const ops = await userWithRoles(t, 'me-owner@example.com', ['USER_ADMIN']);
      const res = await t.request('GET', '/api/v1/users/me', { token: ops.token });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().id, ops.user.id);
      assert.equal(res.json().profile.login, 'me-owner@example.com');
    });

    it('records the token id on the System Log events of the requests it makes', async () => {
      const ops = await userWithRoles(t, 'event-maker@example.com', ['ORG_ADMIN']);
      const created = await t.request('POST', '/api/v1/users?activate=false', {
        token: ops.token,
        body: { profile: { login: 'made-by-token@example.com', email: 'made-by-token@example.com', firstName: 'M', lastName: 'T' } },
      });
      assert.equal(created.statusCode, 200, created.body);
      const event = (await eventsOf(t, 'user.lifecycle.create')).find((e) => e.target.some((x) => x.id === created.json().id));
      assert.ok(event);
      assert.equal(event.transaction.detail['requestApiTokenId'], ops.tokenId);
      assert.equal(event.actor.id, ops.user.id);
    });

    it('reads the owner’s roles on every request: a removed role refuses the next one', async () => {
      const ops = await userWithRoles(t, 'demoted@example.com', ['ORG_ADMIN']);
      assert.equal((await t.request('GET', '/api/v1/users', { token: ops.token })).statusCode, 200);
      await t.store.roles.deleteAllFor('USER', ops.user.id);
      const res = await t.request('GET', '/api/v1/users', { token: ops.token });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().errorCode, 'E0000006');
    });

    it('suspending the owner pauses its tokens; unsuspending brings them back', async () => {
      const ops = await userWithRoles(t, 'suspended-owner@example.com', ['ORG_ADMIN']);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 200);
      assert.equal((await t.request('POST', `/api/v1/users/${ops.user.id}/lifecycle/suspend`)).statusCode, 200);
      const refused = await t.request('GET', '/api/v1/users/me', { token: ops.token });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().errorCode, 'E0000011');
      assert.equal((await t.store.apiTokens.get(ops.tokenId))?.revoked, null, 'a suspension does not revoke');
      assert.equal((await t.request('POST', `/api/v1/users/${ops.user.id}/lifecycle/unsuspend`)).statusCode, 200);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 200);
    });

    it('deactivating the owner revokes its tokens for good, and logs it', async () => {
      const ops = await userWithRoles(t, 'deactivated-owner@example.com', ['ORG_ADMIN']);
      assert.equal((await t.request('POST', `/api/v1/users/${ops.user.id}/lifecycle/deactivate`)).statusCode, 200);
      const refused = await t.request('GET', '/api/v1/users/me', { token: ops.token });
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().errorCode, 'E0000011');
      assert.notEqual((await t.store.apiTokens.get(ops.tokenId))?.revoked, null);
      assert.equal((await eventsOf(t, 'system.api_token.revoke')).filter((e) => e.target.some((x) => x.id === ops.tokenId)).length, 1);
      assert.equal((await t.request('POST', `/api/v1/users/${ops.user.id}/lifecycle/activate`)).statusCode, 200);
      assert.equal((await t.store.users.get(ops.user.id))?.status, 'ACTIVE');
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 401, 'reactivation does not revive it');
    });

    it('revokes on sight a token whose owner is found deactivated by any other path', async () => {
      const ops = await userWithRoles(t, 'deprovisioned-elsewhere@example.com', ['ORG_ADMIN']);
      await t.store.users.update(ops.user.id, (u) => ({ ...u, status: 'DEPROVISIONED' }));
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 401);
      assert.equal((await t.store.apiTokens.get(ops.tokenId))?.revokedReason, 'owner_deactivated');
      assert.equal((await eventsOf(t, 'system.api_token.revoke')).filter((e) => e.target.some((x) => x.id === ops.tokenId)).length, 1);
      await t.store.users.update(ops.user.id, (u) => ({ ...u, status: 'ACTIVE' }));
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: ops.token })).statusCode, 401);
    });
  });

  describe(`SSWS idle expiry and last-use writes (${kind})`, () => {
    it('expires a token left idle for its window; each use slides it', async () => {
      const t = await start(kind);
      try {
        const token = await insertApiToken(t, t.admin.user.id, { name: 'sliding' });
        // A second token reads the first one's state; it is renewed before each read (it idles too).
        const reader = async () => (await insertApiToken(t, t.admin.user.id, { name: 'reader' })).token;
        const use = () => t.request('GET', '/api/v1/users/me', { token: token.token });

        assert.equal((await use()).statusCode, 200, 'day 0');
        assert.equal(await expiresAtOf(t, token.tokenId, await reader()), isoAt(t.clock.now() + 30 * DAY));
        t.clock.advance(29 * DAY);
        assert.equal((await use()).statusCode, 200, 'day 29');
        assert.equal(await expiresAtOf(t, token.tokenId, await reader()), isoAt(t.clock.now() + 30 * DAY), 'expiresAt slid');
        t.clock.advance(29 * DAY);
        assert.equal((await use()).statusCode, 200, 'day 58: 29 days after the last use');
        const lastUse = t.clock.now();
        t.clock.advance(31 * DAY);

        const expired = await use();
        assert.equal(expired.statusCode, 401, 'idle for 31 days');
        assert.equal(expired.json().errorCode, 'E0000011');
        const expiries = (await eventsOf(t, 'system.api_token.expire')).filter((e) => e.target.some((x) => x.id === token.tokenId));
        assert.equal(expiries.length, 1);
        assert.equal((await t.store.apiTokens.get(token.tokenId))?.revokedReason, 'expired');

        // Dead for good: even at a time within the window of its last use, and in the list.
        t.clock.set(lastUse + DAY);
        assert.equal((await use()).statusCode, 401);
        const listed = await t.request('GET', '/api/v1/api-tokens?q=sliding', { token: await reader() });
        assert.deepEqual(listed.json(), []);
        assert.equal((await eventsOf(t, 'system.api_token.expire')).filter((e) => e.target.some((x) => x.id === token.tokenId)).length, 1);
      } finally {
        await t.close();
      }
    });

    it('writes last use at most once a minute per token; the API shows the latest use', async () => {
      const t = await start(kind);
      try {
        const token = await insertApiToken(t, t.admin.user.id, { name: 'busy' });
        const repository = t.store.apiTokens;
        const recordUse = repository.recordUse.bind(repository);
        let writes = 0;
        repository.recordUse = async (id, at) => {
          if (id === token.tokenId) writes++;
          return recordUse(id, at);
        };
        t.clock.advance(10 * MINUTE);
        const first = t.clock.now();
        for (let i = 0; i < 30; i++) {
          assert.equal((await t.request('GET', '/api/v1/users/me', { token: token.token })).statusCode, 200);
          t.clock.advance(1_500); // 30 requests over 45 seconds
        }
        const lastOfBurst = t.clock.now() - 1_500;
        assert.equal(await persistedLastUse(t, token.tokenId), isoAt(first));
        assert.equal(writes, 1, '30 requests within a minute: one write');
        // The API adds this node's newer memory of a use to the persisted value.
        assert.equal(await expiresAtOf(t, token.tokenId, t.admin.token), isoAt(lastOfBurst + 30 * DAY));

        t.clock.set(first + MINUTE);
        assert.equal((await t.request('GET', '/api/v1/users/me', { token: token.token })).statusCode, 200);
        assert.equal(await persistedLastUse(t, token.tokenId), isoAt(first + MINUTE), 'a use a minute later is persisted');
        assert.equal(writes, 2);
      } finally {
        await t.close();
      }
    });

    it('closing the app flushes a pending last use', async () => {
      const t = await start(kind);
      let closed = false;
      try {
        const token = await insertApiToken(t, t.admin.user.id, { name: 'pending' });
        t.clock.advance(5 * MINUTE);
        const first = t.clock.now();
        assert.equal((await t.request('GET', '/api/v1/users/me', { token: token.token })).statusCode, 200);
        t.clock.advance(20_000);
        assert.equal((await t.request('GET', '/api/v1/users/me', { token: token.token })).statusCode, 200);
        assert.equal(await persistedLastUse(t, token.tokenId), isoAt(first), 'the second use is pending');
        await t.app.fastify.close();
        closed = true;
        assert.equal((await t.store.apiTokens.get(token.tokenId))?.lastUsed, isoAt(first + 20_000));
      } finally {
        if (closed) await t.database.dispose();
        else await t.close();
      }
    });
  });
}
