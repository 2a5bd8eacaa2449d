/**
 * Tessera's store keeps what a request reads (an API token with its owner's roles, an access
 * token's live state, a user by id, the app, keys, secrets and grants the token endpoint reads)
 * only while it can prove nothing has been written since (src/store/kept-reads.ts, under the
 * change marker of src/store/change-marker.ts). These tests write behind the server's back: on
 * SQLite through a second connection to the same file, as the CLI or a second process does; on
 * PostgreSQL, where nothing is kept, through the database directly, as another node does. Each
 * writes after the server has just served the same request, and expects the very next request to
 * see the change.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { isoAt } from '../../src/clock.js';
import { EventBus, systemContext } from '../../src/events/event-bus.js';
import { SswsAuthenticator } from '../../src/management/tokens/ssws-authenticator.js';
import { TokenUsageRecorder } from '../../src/management/tokens/usage-recorder.js';
import { BearerAuthenticator } from '../../src/oauth/resource/bearer-authenticator.js';
import type { Database } from '../../src/store/schema.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, requestToken, type ServiceApp } from '../helpers/oauth.js';
import { basic, insertOidcApp, postForm } from '../oauth/oauth-fixtures.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';

for (const kind of await storeKinds()) {
  describe(`reads kept between requests never outlive a write (${kind})`, () => {
    let t: TestApp;
    let dir: string | undefined;
    /** Another writer: a second SQLite connection, or PostgreSQL itself. */
    let other: Kysely<Database>;

    before(async () => {
      if (kind === 'sqlite') {
        dir = mkdtempSync(join(tmpdir(), 'tessera-caches-'));
        const file = join(dir, 'tessera.db');
        t = await startTestApp(kind, { sqliteFile: file });
        other = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
      } else {
        t = await startTestApp(kind);
        other = t.database.db;
      }
    });
    after(async () => {
      if (other !== t.database.db) await other.destroy();
      await t.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    /** A READ_ONLY_ADMIN with a token, whose own record it has just read twice (a user may always read itself). */
    async function servedTwice(login: string): Promise<TestPrincipal> {
      const reader = await userWithRoles(t, login, ['READ_ONLY_ADMIN']);
      for (let i = 0; i < 2; i++) {
        const res = await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token });
        assert.equal(res.statusCode, 200, res.body);
      }
      return reader;
    }

    it('a token revoked by another writer is refused on the next request', async () => {
      const reader = await servedTwice('cache.revoked@example.com');
      await other
        .updateTable('api_tokens')
        .set({ revoked: isoAt(t.clock.now()), revoked_reason: 'test' })
        .where('id', '=', reader.tokenId)
        .execute();
      const res = await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().errorCode, 'E0000011');
    });

    it('a role removed by another writer is gone on the next request', async () => {
      const reader = await servedTwice('cache.role@example.com');
      assert.equal((await t.request('GET', '/api/v1/groups', { token: reader.token })).statusCode, 200);
      await other.deleteFrom('role_assignments').where('principal_id', '=', reader.user.id).execute();
      const res = await t.request('GET', '/api/v1/groups', { token: reader.token });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().errorCode, 'E0000006');
    });

    it('an owner suspended by another writer cannot use the token on the next request', async () => {
      const reader = await servedTwice('cache.suspended@example.com');
      await other.updateTable('users').set({ status: 'SUSPENDED' }).where('id', '=', reader.user.id).execute();
      const res = await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token });
      assert.equal(res.statusCode, 401);
    });

    it("a network zone narrowed by another writer applies to the token's next request", async () => {
      const reader = await userWithRoles(t, 'cache.zone@example.com', ['READ_ONLY_ADMIN']);
      const zone = await t.request('POST', '/api/v1/zones', { body: { type: 'IP', name: 'Loopback', gateways: [{ type: 'CIDR', value: '127.0.0.0/8' }] } });
      assert.equal(zone.statusCode, 200, zone.body);
      const zoneId = zone.json<{ id: string }>().id;
      const put = await t.request('PUT', `/api/v1/api-tokens/${reader.tokenId}`, {
        body: { name: 'zoned', network: { connection: 'ZONE', include: [zoneId] } },
      });
      assert.equal(put.statusCode, 200, put.body);
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token })).statusCode, 200);
      await other
        .updateTable('network_zones')
        .set({ gateways: JSON.stringify([{ type: 'CIDR', value: '10.0.0.0/8' }]) })
        .where('id', '=', zoneId)
        .execute();
      const res = await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().errorCode, 'E0000006');
    });

    it('a user changed by another writer is read anew on the next request', async () => {
      const reader = await servedTwice('cache.profile@example.com');
      const row = await other.selectFrom('users').select('profile').where('id', '=', reader.user.id).executeTakeFirstOrThrow();
      const profile = { ...(JSON.parse(row.profile) as Record<string, unknown>), firstName: 'Renamed' };
      await other
        .updateTable('users')
        .set({ profile: JSON.stringify(profile), first_name: 'Renamed' })
        .where('id', '=', reader.user.id)
        .execute();
      const res = await t.request('GET', `/api/v1/users/${reader.user.id}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().profile.firstName, 'Renamed');
    });

    /** A service app's access token (users.read, READ_ONLY_ADMIN) that has just been served twice. */
    async function bearerServedTwice(): Promise<{ token: string; clientId: string; jti: string }> {
      const client = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const issued = await requestToken(t, client, 'okta.users.read');
      assert.equal(issued.statusCode, 200, issued.body);
      const token = issued.json<{ access_token: string }>().access_token;
      for (let i = 0; i < 2; i++) assert.equal((await t.request('GET', '/api/v1/users', { authorization: `Bearer ${token}` })).statusCode, 200);
      const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { jti: string };
      return { token, clientId: client.clientId, jti: payload.jti };
    }

    it('an access token revoked by another writer is refused on the next request', async () => {
      const { token, jti } = await bearerServedTwice();
      await other
        .insertInto('revoked_tokens')
        .values({ jti, expires: isoAt(t.clock.now() + 3_600_000) })
        .execute();
      const res = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${token}` });
      assert.equal(res.statusCode, 401);
    });

    it("an access token's grant removed by another writer no longer opens its endpoints", async () => {
      const { token, clientId } = await bearerServedTwice();
      await other.deleteFrom('app_grants').where('app_id', '=', clientId).execute();
      const res = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${token}` });
      assert.equal(res.statusCode, 403);
      assert.match(String(res.headers['www-authenticate'] ?? ''), /insufficient_scope/);
    });

    /** A service app that has just been issued two tokens (its app, keys and grants read twice). */
    async function clientServedTwice(): Promise<ServiceApp> {
      const client = await createServiceApp(t, { scopes: ['okta.users.read', 'okta.groups.read'], roles: ['READ_ONLY_ADMIN'] });
      for (let i = 0; i < 2; i++) {
        const issued = await requestToken(t, client, 'okta.users.read okta.groups.read');
        assert.equal(issued.statusCode, 200, issued.body);
        assert.equal(issued.json().scope, 'okta.users.read okta.groups.read');
      }
      return client;
    }

    it('the token endpoint refuses an app deactivated by another writer on the next request', async () => {
      const client = await clientServedTwice();
      await other.updateTable('apps').set({ status: 'INACTIVE' }).where('id', '=', client.clientId).execute();
      const res = await requestToken(t, client, 'okta.users.read');
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().error, 'invalid_client');
    });

    it('the token endpoint refuses a client key deactivated by another writer on the next request', async () => {
      const client = await clientServedTwice();
      await other.updateTable('app_keys').set({ status: 'INACTIVE' }).where('app_id', '=', client.clientId).execute();
      const res = await requestToken(t, client, 'okta.users.read');
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().error_description, 'The client does not have a JWKSet configured, but the client_assertion requires one.');
    });

    it('the token endpoint leaves out a scope whose grant another writer removed, on the next request', async () => {
      const client = await clientServedTwice();
      await other.deleteFrom('app_grants').where('app_id', '=', client.clientId).where('scope_id', '=', 'okta.groups.read').execute();
      const res = await requestToken(t, client, 'okta.users.read okta.groups.read');
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().scope, 'okta.users.read');
    });

    it('a client secret deactivated by another writer no longer authenticates on the next request', async () => {
      const { app, secret } = await insertOidcApp(t, {});
      const introspect = () => postForm(t, '/oauth2/v1/introspect', { token: 'not-a-token' }, { headers: { authorization: basic(app.id, secret) } });
      for (let i = 0; i < 2; i++) assert.equal((await introspect()).statusCode, 200);
      await other.updateTable('app_secrets').set({ status: 'INACTIVE' }).where('app_id', '=', app.id).execute();
      const res = await introspect();
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().error, 'invalid_client');
    });

    // The authenticators build a principal once per kept read (a WeakMap keyed by the object the
    // store answered): the same object while nothing is written, a new one from the next read
    // after any write. On PostgreSQL nothing is kept, so every request builds its own.
    it('an API token’s principal is built once per kept read, and anew after another writer’s change', async () => {
      const reader = await servedTwice('cache.memo@example.com');
      const ssws = new SswsAuthenticator(t.store, t.clock, new TokenUsageRecorder(t.store, 60_000, () => undefined), new EventBus());
      const authenticate = async () => {
        const result = await ssws.authenticate(reader.token, systemContext());
        assert.ok(result.ok);
        return result.principal;
      };
      const first = await authenticate();
      const again = await authenticate();
      if (kind === 'sqlite') assert.equal(again, first);
      else assert.notEqual(again, first);
      assert.deepEqual(first.roles, ['READ_ONLY_ADMIN']);
      await other.deleteFrom('role_assignments').where('principal_id', '=', reader.user.id).execute();
      const changed = await authenticate();
      assert.notEqual(changed, first);
      assert.deepEqual(changed.roles, []);
      assert.equal(changed.rolePermissions.size, 0);
    });

    it('an access token’s principal is built once per kept read, and anew after another writer’s change', async () => {
      const { token, clientId } = await bearerServedTwice();
      const bearer = new BearerAuthenticator(t.store, t.app.services.verifier, t.clock);
      const authenticate = () => bearer.authenticate({ scheme: 'Bearer', token, method: 'GET', urls: () => [], proof: undefined });
      const first = await authenticate();
      const again = await authenticate();
      if (kind === 'sqlite') assert.equal(again, first);
      else assert.notEqual(again, first);
      assert.equal(first.scopePermissions?.has('okta.users.read'), true);
      await other.deleteFrom('app_grants').where('app_id', '=', clientId).execute();
      const changed = await authenticate();
      assert.notEqual(changed, first);
      assert.equal(changed.scopePermissions?.has('okta.users.read'), false);
    });

    it('changes made through the API itself apply on the next request too', async () => {
      const reader = await servedTwice('cache.api@example.com');
      const renamed = await t.request('POST', `/api/v1/users/${reader.user.id}`, { body: { profile: { lastName: 'Changed' } } });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal((await t.request('GET', `/api/v1/users/${reader.user.id}`, { token: reader.token })).json().profile.lastName, 'Changed');
      const roles = await t.request('GET', `/api/v1/users/${reader.user.id}/roles`);
      const role = roles.json<{ id: string }[]>()[0];
      assert.ok(role);
      assert.equal((await t.request('DELETE', `/api/v1/users/${reader.user.id}/roles/${role.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', '/api/v1/groups', { token: reader.token })).statusCode, 403);
    });
  });
}
