/**
 * Compatibility: `@okta/okta-sdk-nodejs` 8.x reads Tessera's System Log and manages API tokens,
 * down to revoking the very token it calls with (issue #2, "Compatibility"). Expectations follow
 * Okta's documented behaviour; a failure is a wire deviation of ours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, LogEvent } from '@okta/okta-sdk-nodejs';
import { isoAt } from '../../src/clock.js';
import { storeKinds } from '../helpers/databases.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, expectOktaError, sdkClient, type SdkClient } from './sdk-harness.js';

function idOf(item: { id?: string | undefined }): string {
  assert.ok(item.id !== undefined, 'the SDK object has an id');
  return item.id;
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs system log (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let client: Client;
    /** A bounded window (since and until) around everything the tests do: its paging ends. */
    const window = () => ({ since: isoAt(t.clock.now() - 3_600_000), until: isoAt(t.clock.now() + 60_000) });
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      client = sdk.client;
    });
    after(() => t.close());

    it('reads the event of a change made through the SDK, in Okta’s LogEvent shape', async () => {
      const user = await client.userApi.createUser({
        body: { profile: { firstName: 'Logged', lastName: 'Compat', email: 'logged@example.com', login: 'logged@example.com' } },
        activate: false,
      });
      const events = await collect(
        await client.systemLogApi.listLogEvents({ ...window(), filter: `eventType eq "user.lifecycle.create" and target.id eq "${idOf(user)}"` }),
      );
      assert.equal(events.length, 1);
      const event = events[0] as LogEvent;
      assert.ok(event.uuid !== undefined && event.uuid !== '');
      assert.ok(event.published instanceof Date && !Number.isNaN(event.published.getTime()));
      assert.equal(event.eventType, 'user.lifecycle.create');
      assert.ok(event.displayMessage !== undefined && event.displayMessage !== '');
      assert.equal(event.severity, 'INFO');
      assert.equal(event.actor?.id, t.admin.user.id);
      assert.equal(event.actor?.type, 'User');
      assert.equal(event.actor?.alternateId, 'admin@example.com');
      assert.equal(event.client?.ipAddress, '127.0.0.1');
      assert.match(event.client?.userAgent?.rawUserAgent ?? '', /^@okta\/okta-sdk-nodejs\/8\./);
      assert.equal(event.outcome?.result, 'SUCCESS');
      assert.deepEqual(
        event.target?.map((target) => [target.id, target.type]),
        [[idOf(user), 'User']],
      );
      assert.equal(event.transaction?.detail?.['requestApiTokenId'], t.admin.tokenId);
    });

    it('filters by actor and by the requesting API token, and pages in ascending order', async () => {
      for (let i = 0; i < 4; i++) {
        await client.userApi.createUser({
          body: { profile: { firstName: 'P', lastName: String(i), email: `p${i}@example.com`, login: `p${i}@example.com` } },
          activate: false,
        });
      }
      const byActor = await collect(await client.systemLogApi.listLogEvents({ ...window(), filter: `actor.id eq "${t.admin.user.id}"` }));
      assert.ok(byActor.length >= 5);
      assert.ok(byActor.every((e) => e.actor?.id === t.admin.user.id));
      const byToken = await collect(
        await client.systemLogApi.listLogEvents({ ...window(), filter: `transaction.detail.requestApiTokenId eq "${t.admin.tokenId}"` }),
      );
      assert.ok(byToken.length >= 5);
      assert.ok(byToken.every((e) => e.transaction?.detail?.['requestApiTokenId'] === t.admin.tokenId));

      const all = await collect(await client.systemLogApi.listLogEvents({ ...window(), sortOrder: 'ASCENDING' }));
      const before = sdk.sent.length;
      const paged = await collect(await client.systemLogApi.listLogEvents({ ...window(), sortOrder: 'ASCENDING', limit: 2 }));
      assert.ok(sdk.sent.length - before >= 3, 'several pages were followed');
      const uuids = paged.map((e) => e.uuid);
      assert.equal(new Set(uuids).size, uuids.length, 'no event is listed twice');
      assert.deepEqual(
        uuids,
        all.map((e) => e.uuid),
        'paging neither skips nor repeats',
      );
      const times = paged.map((e) => e.published?.getTime() ?? NaN);
      assert.deepEqual(
        [...times].sort((a, b) => a - b),
        times,
        'ascending by published',
      );
      for (const page of sdk.sent.slice(before + 1)) {
        const url = new URL(page.url);
        assert.equal(url.searchParams.get('limit'), '2');
        assert.equal(url.searchParams.get('sortOrder'), 'ASCENDING');
      }
      const descending = await collect(await client.systemLogApi.listLogEvents({ ...window(), sortOrder: 'DESCENDING', limit: 3 }));
      assert.deepEqual(
        descending.map((e) => e.uuid),
        [...uuids].reverse(),
      );
    });
  });

  describe(`okta-sdk-nodejs API tokens (${kind})`, () => {
    let t: TestApp;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      client = sdkClient(t.baseUrl, t.admin.token).client;
    });
    after(() => t.close());

    it('lists and gets API tokens with Okta’s fields', async () => {
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'second token' });
      const tokens = await collect(await client.apiTokenApi.listApiTokens());
      assert.deepEqual(tokens.map(idOf).sort(), [t.admin.tokenId, extra.tokenId].sort());
      const token = await client.apiTokenApi.getApiToken({ apiTokenId: extra.tokenId });
      assert.equal(token.id, extra.tokenId);
      assert.match(idOf(token), /^00T[0-9A-Za-z]{17}$/);
      assert.equal(token.name, 'second token');
      assert.equal(token.userId, t.admin.user.id);
      assert.equal(token.clientName, 'Okta API');
      assert.equal(token.tokenWindow, 'P30D');
      assert.equal(token.network?.connection, 'ANYWHERE');
      assert.ok(token.created instanceof Date && token.lastUpdated instanceof Date && token.expiresAt instanceof Date);
      assert.ok((token.expiresAt?.getTime() ?? 0) > t.clock.now());
      await expectOktaError(client.apiTokenApi.getApiToken({ apiTokenId: '00T0000000000000000x' }), 404, 'E0000007');
    });

    it('renames a token and revokes one by id', async () => {
      const extra = await insertApiToken(t, t.admin.user.id, { name: 'to rename' });
      const renamed = await client.apiTokenApi.upsertApiToken({ apiTokenId: extra.tokenId, apiTokenUpdate: { name: 'renamed' } });
      assert.equal(renamed.name, 'renamed');
      assert.equal((await client.apiTokenApi.getApiToken({ apiTokenId: extra.tokenId })).name, 'renamed');
      await client.apiTokenApi.revokeApiToken({ apiTokenId: extra.tokenId });
      const listed = await collect(await client.apiTokenApi.listApiTokens());
      assert.ok(!listed.some((tok) => tok.id === extra.tokenId), 'a revoked token is not listed');
      await expectOktaError(sdkClient(t.baseUrl, extra.token).client.userApi.getUser({ userId: 'me' }), 401, 'E0000011');
    });

    it('revokes its own token; every later call fails with 401 E0000011', async () => {
      const own = await insertApiToken(t, t.admin.user.id, { name: 'self-revoking' });
      const self = sdkClient(t.baseUrl, own.token).client;
      assert.equal((await self.userApi.getUser({ userId: 'me' })).id, t.admin.user.id);
      await self.apiTokenApi.revokeCurrentApiToken();
      const error = await expectOktaError(self.userApi.getUser({ userId: 'me' }), 401, 'E0000011');
      assert.match(error.message, /^Okta HTTP 401 E0000011 Invalid token provided/);
      await expectOktaError(self.apiTokenApi.listApiTokens().then(collect), 401, 'E0000011');
      await expectOktaError(self.apiTokenApi.revokeCurrentApiToken(), 401, 'E0000011');
      // The admin's other token is untouched, and the revocation is in the System Log.
      assert.ok(!(await collect(await client.apiTokenApi.listApiTokens())).some((tok) => tok.id === own.tokenId));
      const since = isoAt(t.clock.now() - 3_600_000);
      const until = isoAt(t.clock.now() + 60_000);
      const revoked = await collect(
        await client.systemLogApi.listLogEvents({ since, until, filter: `eventType eq "system.api_token.revoke" and target.id eq "${own.tokenId}"` }),
      );
      assert.equal(revoked.length, 1);
    });
  });
}
