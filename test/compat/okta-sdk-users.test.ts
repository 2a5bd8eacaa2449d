/**
 * Compatibility: the published `@okta/okta-sdk-nodejs` 8.x, unmodified, in SSWS mode over real
 * HTTP, manages users on Tessera (issue #2, "Compatibility"). Every failure here is a deviation
 * of our wire format from Okta's (see shared/reference/okta-sdk-wire.md for what the SDK needs).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, User, UserProfile } from '@okta/okta-sdk-nodejs';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, expectOktaError, sdkClient, type SdkClient } from './sdk-harness.js';

const PASSWORD = 'Sup3r-Secret!';

function profileFor(login: string, extra: Record<string, string | number | boolean | null> = {}) {
  const name = login.split('@')[0] ?? login;
  return { firstName: name, lastName: 'Compat', email: login, login, ...extra };
}

async function createUser(client: Client, login: string, activate: boolean, extra: Record<string, string | number | boolean | null> = {}): Promise<User> {
  return client.userApi.createUser({ body: { profile: profileFor(login, extra), credentials: { password: { value: PASSWORD } } }, activate });
}

/** A STAGED user without a password (no hashing): cheap enough to create by the dozen for paging. */
async function createBareUser(client: Client, login: string): Promise<User> {
  return client.userApi.createUser({ body: { profile: profileFor(login) }, activate: false });
}

function idOf(user: User): string {
  assert.ok(user.id !== undefined, 'the SDK user has an id');
  return user.id;
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs users (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      client = sdk.client;
    });
    after(() => t.close());

    it('creates a STAGED user with a custom attribute (activate: false)', async () => {
      const user = await createUser(client, 'grace@example.com', false, { age: 33 });
      assert.match(idOf(user), /^00u[0-9A-Za-z]{17}$/);
      assert.equal(user.status, 'STAGED');
      assert.equal(user.profile?.login, 'grace@example.com');
      assert.equal(user.profile?.['age'], 33);
      assert.ok(user.created instanceof Date && !Number.isNaN(user.created.getTime()), 'created is parsed as a date');
      assert.equal(user.activated, null);
      assert.equal(user._links?.self?.href, `${t.baseUrl}/api/v1/users/${idOf(user)}`);
      const sent = sdk.sent.at(-1);
      assert.equal(sent?.method, 'POST');
      assert.equal(sent?.url, `${t.baseUrl}/api/v1/users?activate=false`);
    });

    it('creates an ACTIVE user (activate: true) and reads it back by id, by login and as me', async () => {
      const created = await createUser(client, 'ada@example.com', true, { age: 33 });
      assert.equal(created.status, 'ACTIVE');
      assert.ok(created.activated instanceof Date);
      const byId = await client.userApi.getUser({ userId: idOf(created) });
      assert.equal(byId.id, created.id);
      assert.equal(byId.profile?.['age'], 33);
      assert.equal(byId.credentials?.provider?.type, 'OKTA');
      const byLogin = await client.userApi.getUser({ userId: 'ada@example.com' });
      assert.equal(byLogin.id, created.id);
      const me = await client.userApi.getUser({ userId: 'me' });
      assert.equal(me.id, t.admin.user.id);
    });

    it('lists every user exactly once across several pages by following the Link header', async () => {
      for (let i = 0; i < 8; i++) await createBareUser(client, `pager${i}@example.com`);
      const expected = (await t.request('GET', '/api/v1/users?limit=200')).json<{ id: string }[]>().map((u) => u.id);
      assert.ok(expected.length >= 10, 'enough users for several pages');
      const before = sdk.sent.length;
      const listed = await collect(await client.userApi.listUsers({ limit: 3 }));
      const ids = listed.map(idOf);
      assert.equal(new Set(ids).size, ids.length, 'no user is listed twice');
      assert.deepEqual([...ids].sort(), [...expected].sort());
      const pages = sdk.sent.slice(before);
      assert.equal(pages.length, Math.ceil(expected.length / 3), 'one request per page, no empty trailing page');
      assert.equal(pages[0]?.url, `${t.baseUrl}/api/v1/users?limit=3`);
      for (const page of pages.slice(1)) {
        const url = new URL(page.url);
        assert.equal(url.origin + url.pathname, `${t.baseUrl}/api/v1/users`);
        assert.equal(url.searchParams.get('limit'), '3', 'the next link repeats limit');
        assert.ok(url.searchParams.get('after'), 'the next link carries a cursor');
      }
    });

    it('pages through a filter, the next links repeating it', async () => {
      for (let i = 0; i < 5; i++) await createBareUser(client, `staged${i}@example.com`);
      const expected = (await t.request('GET', `/api/v1/users?limit=200&filter=${encodeURIComponent('status eq "STAGED"')}`)).json<{ id: string }[]>();
      const before = sdk.sent.length;
      const listed = await collect(await client.userApi.listUsers({ filter: 'status eq "STAGED"', limit: 2 }));
      assert.ok(listed.length >= 5);
      assert.ok(listed.every((u) => u.status === 'STAGED'));
      assert.deepEqual(listed.map(idOf).sort(), expected.map((u) => u.id).sort());
      const pages = sdk.sent.slice(before);
      assert.ok(pages.length >= 3, 'several pages were followed');
      for (const page of pages) assert.equal(new URL(page.url).searchParams.get('filter'), 'status eq "STAGED"');
    });

    it('searches and filters through the SDK parameters', async () => {
      const target = await createUser(client, 'searchme@example.com', true, { age: 33 });
      const bySearch = await collect(await client.userApi.listUsers({ search: 'profile.login eq "searchme@example.com"' }));
      assert.deepEqual(bySearch.map(idOf), [idOf(target)]);
      assert.match(sdk.sent.at(-1)?.url ?? '', /search=profile\.login%20eq%20%22searchme%40example\.com%22/);
      const byCustom = await collect(await client.userApi.listUsers({ search: 'profile.age eq 33 and profile.login sw "searchme"' }));
      assert.deepEqual(byCustom.map(idOf), [idOf(target)]);
      const byFilter = await collect(await client.userApi.listUsers({ filter: 'profile.login eq "searchme@example.com" and status eq "ACTIVE"' }));
      assert.deepEqual(byFilter.map(idOf), [idOf(target)]);
      const byQ = await collect(await client.userApi.listUsers({ q: 'searchme' }));
      assert.deepEqual(byQ.map(idOf), [idOf(target)]);
    });

    it('updates a user partially (POST) and fully (PUT)', async () => {
      const user = await createUser(client, 'update@example.com', true, { age: 33 });
      const partial = await client.userApi.updateUser({ userId: idOf(user), user: { profile: { nickName: 'Amazing', age: 34 } } });
      assert.equal(partial.profile?.nickName, 'Amazing');
      assert.equal(partial.profile?.['age'], 34);
      assert.equal(partial.profile?.firstName, 'update', 'a partial update keeps the attributes it does not name');
      assert.ok((partial.lastUpdated?.getTime() ?? 0) >= (user.lastUpdated?.getTime() ?? Infinity));

      // Fetch, change, send the whole object back (what SDK users do); the SDK's serializer keeps profile and credentials.
      const fetched = await client.userApi.getUser({ userId: idOf(user) });
      const profile: UserProfile = { ...fetched.profile, lastName: 'Replaced' };
      delete profile['age'];
      const replaced = await client.userApi.replaceUser({ userId: idOf(user), user: { profile } });
      assert.equal(replaced.profile?.lastName, 'Replaced');
      assert.equal(replaced.profile?.nickName, 'Amazing');
      assert.equal(replaced.profile?.['age'], undefined, 'a full update drops what it omits');
      const again = await client.userApi.getUser({ userId: idOf(user) });
      assert.equal(again.profile?.lastName, 'Replaced');
      assert.equal(again.profile?.['age'], undefined);
    });

    it('moves a user through deactivate, activate, suspend and unsuspend', async () => {
      const user = await createUser(client, 'lifecycle@example.com', true);
      const userId = idOf(user);
      const status = async () => (await client.userApi.getUser({ userId })).status;
      await client.userApi.suspendUser({ userId });
      assert.equal(await status(), 'SUSPENDED');
      await client.userApi.unsuspendUser({ userId });
      assert.equal(await status(), 'ACTIVE');
      await client.userApi.deactivateUser({ userId });
      assert.equal(await status(), 'DEPROVISIONED');
      await client.userApi.activateUser({ userId, sendEmail: false });
      assert.equal(await status(), 'ACTIVE');
      // The lifecycle POSTs were body-less, as the SDK sends them.
      const lifecycle = sdk.sent.filter((r) => r.method === 'POST' && r.url.includes(`/users/${userId}/lifecycle/`));
      assert.equal(lifecycle.length, 4);
      assert.ok(lifecycle.every((r) => r.headers['Content-Type'] === undefined));
    });

    it('deactivates then deletes a user; a first DELETE of an active user deactivates it', async () => {
      const user = await createUser(client, 'delete@example.com', true);
      const userId = idOf(user);
      await client.userApi.deactivateUser({ userId });
      await client.userApi.deleteUser({ userId });
      await expectOktaError(client.userApi.getUser({ userId }), 404, 'E0000007');

      const other = idOf(await createUser(client, 'delete2@example.com', true));
      await client.userApi.deleteUser({ userId: other });
      assert.equal((await client.userApi.getUser({ userId: other })).status, 'DEPROVISIONED');
      await client.userApi.deleteUser({ userId: other });
      await expectOktaError(client.userApi.getUser({ userId: other }), 404, 'E0000007');
    });

    it('serves a client with the default GET cache: hits by self link, invalidated by its own writes', async () => {
      const cached = sdkClient(t.baseUrl, t.admin.token, { cache: true });
      const userId = idOf(await createUser(cached.client, 'cached@example.com', true));
      await cached.client.userApi.getUser({ userId });
      const sentAfterFirst = cached.sent.length;
      const second = await cached.client.userApi.getUser({ userId });
      assert.equal(cached.sent.length, sentAfterFirst, 'the second GET was served from the cache keyed by _links.self.href');
      assert.equal(second.id, userId);
      await cached.client.userApi.updateUser({ userId, user: { profile: { nickName: 'Fresh' } } });
      const third = await cached.client.userApi.getUser({ userId });
      assert.equal(third.profile?.nickName, 'Fresh');
      assert.equal(cached.sent.at(-1)?.method, 'GET', 'a write through the same client clears the cached entry');
    });

    it('keeps a developer’s OKTA_CLIENT_* and HTTPS_PROXY settings out of the clients', async () => {
      process.env['OKTA_CLIENT_AUTHORIZATIONMODE'] = 'PrivateKey';
      process.env['OKTA_CLIENT_ORGURL'] = 'http://127.0.0.1:9';
      process.env['HTTPS_PROXY'] = 'http://127.0.0.1:9';
      const guarded = sdkClient(t.baseUrl, t.admin.token);
      assert.equal(process.env['HTTPS_PROXY'], undefined);
      assert.equal((await guarded.client.userApi.getUser({ userId: 'me' })).id, t.admin.user.id);
    });

    it('works with a trailing-slash orgUrl (the SDK then sends //api/v1/...)', async () => {
      const slashed = sdkClient(`${t.baseUrl}/`, t.admin.token);
      const user = await createUser(slashed.client, 'slash@example.com', false);
      const userId = idOf(user);
      assert.equal(slashed.sent.at(-1)?.url, `${t.baseUrl}//api/v1/users?activate=false`);
      assert.equal(user._links?.self?.href, `${t.baseUrl}/api/v1/users/${userId}`, 'links stay canonical');
      assert.equal((await slashed.client.userApi.getUser({ userId })).id, userId);
      const listed = await collect(await slashed.client.userApi.listUsers({ search: 'profile.login eq "slash@example.com"' }));
      assert.deepEqual(listed.map(idOf), [userId]);
      await slashed.client.userApi.activateUser({ userId, sendEmail: false });
      await slashed.client.userApi.updateUser({ userId, user: { profile: { nickName: 'Slash' } } });
      await slashed.client.userApi.deactivateUser({ userId });
      await slashed.client.userApi.deleteUser({ userId });
      assert.ok(slashed.sent.every((r) => r.url.startsWith(`${t.baseUrl}//api/v1/`)));
      await expectOktaError(slashed.client.userApi.getUser({ userId }), 404, 'E0000007');
    });
  });
}
