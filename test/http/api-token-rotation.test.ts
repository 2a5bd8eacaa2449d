/**
 * API-token rotation with a grace period and idle-expiry warnings, on both databases, with a
 * manual clock: both secrets work during the grace period and only the new one after; every
 * use names the token presented; bad grace periods change nothing; and the janitor warns of a
 * token about to idle out once per approach, on however many nodes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import type { LogEventRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNLIMITED = { perMinute: { ...DEFAULT_RATE_LIMITS, users: 1_000_000, apiTokens: 1_000_000, groups: 1_000_000 }, perCredentialShare: 1, windowMs: 60_000 };

async function eventsOf(t: TestApp, type: string): Promise<LogEventRecord[]> {
  const rows = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
  return rows.map((r) => r.event).filter((e) => e.eventType === type);
}

for (const kind of await storeKinds()) {
  describe(`API token rotation (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
    });
    after(() => t.close());

    it('gives a new secret for the same owner, name and network; the old one works until the grace period ends', async () => {
      const owner = await userWithRoles(t, 'rotating@example.com', ['USER_ADMIN']);
      const rotated = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token, body: { gracePeriod: 'PT2H' } });
      assert.equal(rotated.statusCode, 200, rotated.body);
      const body = rotated.json();
      assert.notEqual(body.id, owner.tokenId);
      assert.equal(body.name, 'rotating@example.com token');
      assert.equal(body.userId, owner.user.id);
      assert.deepEqual(body.network, { connection: 'ANYWHERE' });
      assert.match(body.token, /^00[A-Za-z0-9_-]{40}$/);
      assert.deepEqual(body.rotatedFrom, { id: owner.tokenId, retiresAt: new Date(t.clock.now() + 2 * HOUR).toISOString() });
      assert.equal((await t.store.apiTokens.get(body.id))?.tokenDigest.includes(body.token), false, 'only the digest is stored');

      // Both work during the grace period, each under its own id.
      const viaOld = await t.request('GET', `/api/v1/users/${owner.user.id}`, { token: owner.token });
      const viaNew = await t.request('GET', `/api/v1/users/${owner.user.id}`, { token: body.token });
      assert.equal(viaOld.statusCode, 200);
      assert.equal(viaNew.statusCode, 200);
      await t.app.services.meter?.flush();
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${owner.tokenId}/usage`)).json().totals.requests >= 1, true);
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${body.id}/usage`)).json().totals.requests, 1);
      const old = (await t.request('GET', `/api/v1/api-tokens/${owner.tokenId}`)).json();
      assert.equal(old.expiresAt, body.rotatedFrom.retiresAt);

      const [event] = (await eventsOf(t, 'system.api_token.rotate')).filter((e) => e.target?.some((x) => x.id === body.id));
      assert.ok(event !== undefined);
      assert.deepEqual(
        event.target?.map((x) => x.id),
        [body.id, owner.tokenId, owner.user.id],
      );

      t.clock.advance(2 * HOUR);
      assert.equal((await t.request('GET', `/api/v1/users/${owner.user.id}`, { token: owner.token })).statusCode, 401);
      assert.equal((await t.request('GET', `/api/v1/users/${owner.user.id}`, { token: body.token })).statusCode, 200);
      assert.equal((await t.request('GET', `/api/v1/api-tokens/${owner.tokenId}`)).statusCode, 404);
      assert.equal((await t.store.apiTokens.get(owner.tokenId))?.revokedReason, 'rotated');
    });

    it('defaults to 24 hours of grace', async () => {
      const owner = await userWithRoles(t, 'default-grace@example.com', ['USER_ADMIN']);
      const rotated = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token });
      assert.equal(rotated.statusCode, 200, rotated.body);
      assert.equal(rotated.json().rotatedFrom.retiresAt, new Date(t.clock.now() + DAY).toISOString());
    });

    it('refuses a grace period that is malformed, zero or longer than P7D, and a second rotation of one token, changing nothing', async () => {
      const owner = await userWithRoles(t, 'bad-grace@example.com', ['USER_ADMIN']);
      const before = (await t.request('GET', '/api/v1/api-tokens?limit=200')).json().length;
      const rotations = (await eventsOf(t, 'system.api_token.rotate')).length;
      for (const gracePeriod of ['P8D', 'PT0S', 'soon', '']) {
        const response = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token, body: { gracePeriod } });
        assert.equal(response.statusCode, 400, gracePeriod);
        assert.equal(response.json().errorCode, 'E0000001');
      }
      const unknownField = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token, body: { grace: 'PT1H' } });
      assert.equal(unknownField.statusCode, 400);
      assert.equal((await t.request('GET', '/api/v1/api-tokens?limit=200')).json().length, before);
      assert.equal((await eventsOf(t, 'system.api_token.rotate')).length, rotations);

      assert.equal((await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token })).statusCode, 200);
      const again = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token });
      assert.equal(again.statusCode, 400);
      assert.match(again.json().errorCauses[0].errorSummary, /rotated already/);
    });

    it("a caller without okta.apiTokens.manage rotates its own token only; another's is 404", async () => {
      const mine = await userWithRoles(t, 'mine@example.com', ['USER_ADMIN']);
      const theirs = await userWithRoles(t, 'theirs@example.com', ['USER_ADMIN']);
      const response = await t.request('POST', `/api/v1/api-tokens/${theirs.tokenId}/lifecycle/rotate`, { token: mine.token });
      assert.equal(response.statusCode, 404);
      assert.equal((await t.store.apiTokens.get(theirs.tokenId))?.retiresAt, null);
      // A super admin may rotate anyone's.
      assert.equal((await t.request('POST', `/api/v1/api-tokens/${theirs.tokenId}/lifecycle/rotate`)).statusCode, 200);
    });
  });

  describe(`API token expiry warnings (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
    });
    after(() => t.close());

    it('warns once per approach, on any number of nodes, and again after a use moves the expiry', async () => {
      const owner = await userWithRoles(t, 'idle@example.com', ['READ_ONLY_ADMIN']);
      const janitor = t.app.services.tokenJanitor;
      const warningsOf = async () => (await eventsOf(t, 'system.api_token.expiring')).filter((e) => e.target?.[0]?.id === owner.tokenId);

      t.clock.advance(22 * DAY); // 8 days left of 30
      assert.deepEqual((await janitor.runOnce()).warned.includes(owner.tokenId), false);
      t.clock.advance(2 * DAY); // 6 days left
      const runs = await Promise.all([janitor.runOnce(), janitor.runOnce(), janitor.runOnce()]);
      assert.equal(runs.filter((r) => r.warned.includes(owner.tokenId)).length, 1);
      const [warning] = await warningsOf();
      assert.ok(warning !== undefined);
      assert.equal(warning.actor.type, 'SystemPrincipal');
      assert.deepEqual(
        warning.target?.map((x) => x.id),
        [owner.tokenId, owner.user.id],
      );
      assert.match(warning.displayMessage ?? '', new RegExp(new Date(t.clock.now() + 6 * DAY).toISOString()));
      const flagged = (await t.request('GET', '/api/v1/insights/credentials?flag=EXPIRES_WITHIN_7_DAYS&limit=200')).json();
      assert.ok(flagged.some((c: { credential: { id: string } }) => c.credential.id === owner.tokenId));

      // Used: the expiry moves 30 days on, and no warning is due until it approaches again.
      assert.equal((await t.request('GET', '/api/v1/groups', { token: owner.token })).statusCode, 200);
      await t.app.services.usage.flush();
      assert.equal((await janitor.runOnce()).warned.includes(owner.tokenId), false);
      t.clock.advance(24 * DAY);
      assert.equal((await janitor.runOnce()).warned.includes(owner.tokenId), true);
      assert.equal((await warningsOf()).length, 2);
    });

    it('retires rotated tokens whose grace ended even if nobody presents them', async () => {
      const owner = await userWithRoles(t, 'retire@example.com', ['READ_ONLY_ADMIN']);
      assert.equal(
        (await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/lifecycle/rotate`, { token: owner.token, body: { gracePeriod: 'PT1H' } })).statusCode,
        200,
      );
      assert.equal((await t.app.services.tokenJanitor.runOnce()).retired.includes(owner.tokenId), false);
      t.clock.advance(HOUR);
      assert.deepEqual((await t.app.services.tokenJanitor.runOnce()).retired, [owner.tokenId]);
      assert.equal((await t.store.apiTokens.get(owner.tokenId))?.revokedReason, 'rotated');
    });
  });
}
