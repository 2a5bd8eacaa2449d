/**
 * Compatibility: the published `@okta/okta-sdk-nodejs` 8.x, unmodified, in
 * `authorizationMode: 'PrivateKey'` (client credentials with private_key_jwt) over real HTTP
 * (issue #3, "Tests"). The private key is given in each form the SDK takes (okta-sdk-wire.md §4.4):
 * a JWK object, a JWK JSON string, a PKCS#8 PEM with `keyId`, and a PKCS#1 PEM without one (then
 * the assertion has no `kid` and the server must try each active key of the app). Effective rights
 * are the token's scopes ∩ the app's admin roles.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { User } from '@okta/okta-sdk-nodejs';
import { isoAt } from '../../src/clock.js';
import { randomBase62 } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, decodeJws, expectOktaError, LiveClock, sdkPrivateKeyClient, type OAuthSdkClient, type PrivateKeyClientOptions } from './sdk-harness.js';

const TOKEN_PATH = '/oauth2/v1/token';

interface KeyForm {
  readonly name: string;
  readonly key: (app: ServiceApp) => Pick<PrivateKeyClientOptions, 'privateKey' | 'keyId'>;
  /** The `kid` the SDK's client assertion must carry (undefined: none). */
  readonly kid: (app: ServiceApp) => string | undefined;
}

function pem(app: ServiceApp, type: 'pkcs1' | 'pkcs8'): string {
  return createPrivateKey({ key: app.privateJwk, format: 'jwk' }).export({ type, format: 'pem' }).toString();
}

const KEY_FORMS: readonly KeyForm[] = [
  { name: 'a JWK object', key: (app) => ({ privateKey: { ...app.privateJwk } }), kid: (app) => app.kid },
  { name: 'a JWK JSON string', key: (app) => ({ privateKey: JSON.stringify(app.privateJwk) }), kid: (app) => app.kid },
  { name: 'a PKCS#8 PEM with keyId', key: (app) => ({ privateKey: pem(app, 'pkcs8'), keyId: app.kid }), kid: (app) => app.kid },
  { name: 'a PKCS#1 PEM without keyId', key: (app) => ({ privateKey: pem(app, 'pkcs1') }), kid: () => undefined },
];

function tokenRequests(sdk: OAuthSdkClient) {
  return sdk.sent.filter((r) => r.url.endsWith(TOKEN_PATH));
}

function resourceRequests(sdk: OAuthSdkClient) {
  return sdk.sent.filter((r) => !r.url.endsWith(TOKEN_PATH));
}

/** Registers a second, unrelated active key, older than the app's real one (keys are tried oldest first): a kid-less assertion must still find the right key. */
async function addDecoyKey(t: TestApp, app: ServiceApp): Promise<void> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'decoy-' + randomBase62(8);
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } as Record<string, string>;
  const earlier = isoAt(t.clock.now() - 60_000);
  await t.store.apps.insertKey({ id: 'pks' + randomBase62(17), appId: app.clientId, kid, status: 'ACTIVE', jwk, created: earlier, lastUpdated: earlier });
}

function newUser(login: string) {
  return { body: { profile: { login, email: login, firstName: 'Service', lastName: 'Made' } }, activate: false };
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs PrivateKey mode (${kind})`, () => {
    let t: TestApp;
    let allUserIds: string[];
    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock() });
      for (let i = 0; i < 4; i++) {
        const res = await t.request('POST', '/api/v1/users?activate=false', {
          body: { profile: { login: `seed${i}@example.com`, email: `seed${i}@example.com`, firstName: 'Seed', lastName: String(i) } },
        });
        assert.equal(res.statusCode, 200, res.body);
      }
      allUserIds = (await t.request('GET', '/api/v1/users?limit=200')).json<{ id: string }[]>().map((u) => u.id);
    });
    after(() => t.close());

    for (const form of KEY_FORMS) {
      it(`with the key as ${form.name}: okta.users.read + READ_ONLY_ADMIN lists users across pages and is refused a user creation`, async () => {
        const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
        if (form.kid(app) === undefined) await addDecoyKey(t, app);
        const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.read'], ...form.key(app) });

        const listed = await collect(await sdk.client.userApi.listUsers({ limit: 2 }));
        assert.deepEqual(
          listed.map((u: User) => u.id),
          allUserIds,
        );

        // One token request, exactly as the SDK makes it: no client_id, always a DPoP proof.
        const [token, ...moreTokens] = tokenRequests(sdk);
        assert.ok(token !== undefined);
        assert.equal(moreTokens.length, 0, 'the token is reused across pages');
        assert.equal(token.method, 'POST');
        assert.ok(typeof token.headers['DPoP'] === 'string', 'the SDK sends a DPoP proof on every token request');
        assert.equal(token.url, `${t.baseUrl}${TOKEN_PATH}`);
        assert.equal(sdk.received[0]?.status, 200);
        const fields = new URLSearchParams(token.body ?? '');
        assert.deepEqual([...fields.keys()], ['grant_type', 'scope', 'client_assertion_type', 'client_assertion']);
        const assertion = decodeJws(fields.get('client_assertion') ?? '');
        assert.equal(assertion.header['kid'], form.kid(app), 'the assertion names the key only when the SDK knows its id');
        assert.equal(assertion.payload['aud'], `${t.baseUrl}${TOKEN_PATH}`);
        assert.equal(assertion.payload['iss'], app.clientId);

        // Pages: at least three GETs with the Bearer token, each a 200.
        const pages = resourceRequests(sdk);
        assert.ok(pages.length >= 3, `paged past one page (${pages.length} requests)`);
        for (const page of pages) assert.match(String(page.headers['Authorization']), /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
        assert.ok(sdk.received.every((r) => r.status === 200));

        // okta.users.manage is missing: 403, and no token refresh (only a 401 makes the SDK refetch).
        const refusal = await expectOktaError(sdk.client.userApi.createUser(newUser(`refused-${app.kid}@example.com`)), 403, 'E0000006');
        assert.match(refusal.message, /^Okta HTTP 403 E0000006 /);
        assert.match(String(sdk.received.at(-1)?.wwwAuthenticate), /^Bearer .*scope="okta\.users\.manage".*error="insufficient_scope"/);
        assert.equal(tokenRequests(sdk).length, 1);
        const search = await t.request('GET', `/api/v1/users?search=${encodeURIComponent(`profile.login eq "refused-${app.kid}@example.com"`)}`);
        assert.deepEqual(search.json(), [], 'nothing was created');
      });
    }

    it('works with a trailing-slash orgUrl (token call on /oauth2/v1/token, API calls on //api/v1/...)', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] });
      const sdk = sdkPrivateKeyClient(`${t.baseUrl}/`, { clientId: app.clientId, scopes: ['okta.users.read'], privateKey: app.privateJwk });
      const listed = await collect(await sdk.client.userApi.listUsers({ limit: 200 }));
      assert.deepEqual(
        listed.map((u: User) => u.id),
        allUserIds,
      );
      assert.deepEqual(
        sdk.sent.map((r) => r.url),
        [`${t.baseUrl}${TOKEN_PATH}`, `${t.baseUrl}//api/v1/users?limit=200`],
      );
      assert.deepEqual(
        sdk.received.map((r) => r.status),
        [200, 200],
      );
    });

    it('with okta.users.manage and a USER_ADMIN role it creates a user', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.manage'], roles: ['USER_ADMIN'] });
      const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.manage'], privateKey: app.privateJwk });
      const created = await sdk.client.userApi.createUser(newUser('made-by-service@example.com'));
      assert.equal(created.status, 'STAGED');
      assert.equal(created.profile?.login, 'made-by-service@example.com');
      const stored = await t.request('GET', `/api/v1/users/${String(created.id)}`);
      assert.equal(stored.statusCode, 200);
      assert.equal(stored.json<{ profile: { login: string } }>().profile.login, 'made-by-service@example.com');
      assert.deepEqual(
        sdk.sent.map((r) => `${r.method} ${new URL(r.url).pathname}`),
        ['POST /oauth2/v1/token', 'POST /api/v1/users'],
      );
    });

    it('a SUPER_ADMIN app is still held to its scopes: scopes it asks for but was not granted are dropped', async () => {
      const app = await createServiceApp(t, { scopes: ['okta.users.read'], roles: ['SUPER_ADMIN'] });
      const sdk = sdkPrivateKeyClient(t.baseUrl, {
        clientId: app.clientId,
        scopes: ['okta.users.read', 'okta.users.manage'],
        privateKey: JSON.stringify(app.privateJwk),
      });
      const listed = await collect(await sdk.client.userApi.listUsers({ limit: 200 }));
      assert.ok(listed.length >= allUserIds.length);
      const bearer = String(resourceRequests(sdk)[0]?.headers['Authorization']).replace(/^Bearer /, '');
      assert.deepEqual(decodeJws(bearer).payload['scp'], ['okta.users.read']);
      await expectOktaError(sdk.client.userApi.createUser(newUser('super-refused@example.com')), 403, 'E0000006');
      assert.equal(tokenRequests(sdk).length, 1, 'a 403 does not make the SDK refetch its token');
    });

    it('a SUPER_ADMIN app with okta.users.manage + okta.roles.manage assigns USER_ADMIN (the SDK’s own user-assign-role test in PrivateKey mode)', async () => {
      // Scopes gate the endpoint; the app's roles bound what it may grant.
      const app = await createServiceApp(t, { scopes: ['okta.users.manage', 'okta.roles.manage'], roles: ['SUPER_ADMIN'] });
      const sdk = sdkPrivateKeyClient(t.baseUrl, { clientId: app.clientId, scopes: ['okta.users.manage', 'okta.roles.manage'], privateKey: app.privateJwk });
      const user = await sdk.client.userApi.createUser(newUser('assignee@example.com'));
      const userId = String(user.id);
      const role = await sdk.client.roleAssignmentApi.assignRoleToUser({ userId, assignRoleRequest: { type: 'USER_ADMIN' } });
      assert.equal(role.type, 'USER_ADMIN');
      const listed = await collect(await sdk.client.roleAssignmentApi.listAssignedRolesForUser({ userId }));
      assert.deepEqual(
        listed.map((r) => r.type),
        ['USER_ADMIN'],
      );
      await sdk.client.roleAssignmentApi.unassignRoleFromUser({ userId, roleId: String(role.id) });
      // A USER_ADMIN app holding the same scopes may not hand out more than its role: APP_ADMIN is refused.
      const lower = await createServiceApp(t, { scopes: ['okta.users.manage', 'okta.roles.manage'], roles: ['USER_ADMIN'] });
      const weak = sdkPrivateKeyClient(t.baseUrl, {
        clientId: lower.clientId,
        scopes: ['okta.users.manage', 'okta.roles.manage'],
        privateKey: lower.privateJwk,
      });
      await expectOktaError(weak.client.roleAssignmentApi.assignRoleToUser({ userId, assignRoleRequest: { type: 'APP_ADMIN' } }), 403, 'E0000006');
      assert.deepEqual(
        (await t.store.roles.listFor('USER', userId)).map((r) => r.roleType),
        [],
      );
    });

    it("roles do not open what the token's scopes lack, nor scopes what the roles lack", async () => {
      // Scope okta.groups.read without the users scope: listing users is an insufficient_scope 403.
      const groupsOnly = await createServiceApp(t, { scopes: ['okta.groups.read'], roles: ['SUPER_ADMIN'] });
      const a = sdkPrivateKeyClient(t.baseUrl, { clientId: groupsOnly.clientId, scopes: ['okta.groups.read'], privateKey: groupsOnly.privateJwk });
      await expectOktaError(collect(await a.client.userApi.listUsers()), 403, 'E0000006');
      assert.match(String(a.received.at(-1)?.wwwAuthenticate), /scope="okta\.users\.read"/);
      // Scope okta.users.manage with a role that cannot create users (READ_ONLY_ADMIN): E0000006 without insufficient_scope.
      const readOnly = await createServiceApp(t, { scopes: ['okta.users.manage'], roles: ['READ_ONLY_ADMIN'] });
      const b = sdkPrivateKeyClient(t.baseUrl, { clientId: readOnly.clientId, scopes: ['okta.users.manage'], privateKey: readOnly.privateJwk });
      await expectOktaError(b.client.userApi.createUser(newUser('role-refused@example.com')), 403, 'E0000006');
      assert.equal(b.received.at(-1)?.wwwAuthenticate, null);
    });
  });
}
