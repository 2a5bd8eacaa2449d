/**
 * Migration of an API token to a service app, end to end with the published
 * `@okta/okta-sdk-nodejs`: an integration that uses an SSWS token reads users and groups; the
 * token is migrated (`POST /api/v1/api-tokens/{id}/migrate`); the same integration, now in
 * PrivateKey mode with the configuration the answer gave, does the same calls and nothing more.
 * Also over HTTP: the dry run writes nothing, a refused migration writes nothing, a caller who
 * may not grant scopes cannot migrate, and the token's revocation is done when asked.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { collect, expectOktaError, LiveClock, sdkClient, sdkPrivateKeyClient } from './sdk-harness.js';

const UNLIMITED = {
  perMinute: { ...DEFAULT_RATE_LIMITS, users: 1_000_000, apiTokens: 1_000_000, groups: 1_000_000, apps: 1_000_000 },
  perCredentialShare: 1,
  windowMs: 60_000,
};

async function appCount(t: TestApp): Promise<number> {
  return (await t.request('GET', '/api/v1/apps?limit=200')).json().length;
}

/** What the integration does: read a user, list users, read a group. */
async function integration(client: ReturnType<typeof sdkClient>['client'], userId: string, groupId: string): Promise<void> {
  const user = await client.userApi.getUser({ userId });
  assert.equal(user.id, userId);
  assert.ok((await collect(client.userApi.listUsers({ limit: 2 }))).length >= 1);
  const group = await client.groupApi.getGroup({ groupId });
  assert.equal(group.id, groupId);
}

for (const kind of await storeKinds()) {
  describe(`API token → service app migration with okta-sdk-nodejs (${kind})`, () => {
    let t: TestApp;
    let integrator: TestPrincipal;
    let groupId: string;
    before(async () => {
      t = await startTestApp(kind, { listen: true, clock: new LiveClock(), config: { rateLimit: UNLIMITED } });
      integrator = await userWithRoles(t, 'integration@example.com', ['USER_ADMIN']);
      const group = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Engineering' } } });
      groupId = group.json().id;
      await integration(sdkClient(t.baseUrl, integrator.token).client, t.admin.user.id, groupId);
      await t.app.services.meter?.flush();
    });
    after(() => t.close());

    it('a dry run shows the plan from what the token did, and writes nothing', async () => {
      const apps = await appCount(t);
      const response = await t.request('POST', `/api/v1/api-tokens/${integrator.tokenId}/migrate`, { body: { dryRun: true } });
      assert.equal(response.statusCode, 200, response.body);
      const plan = response.json();
      assert.equal(plan.dryRun, true);
      assert.deepEqual(plan.plan.scopes, ['okta.groups.read', 'okta.users.read']);
      assert.deepEqual(plan.plan.roles, ['READ_ONLY_ADMIN']);
      assert.equal(plan.plan.key, 'GENERATED_RSA_2048');
      assert.deepEqual(plan.plan.revokeToken, { mode: 'NEVER', at: null });
      assert.equal(plan.app, undefined);
      assert.equal(plan.privateKey, undefined);
      assert.equal(await appCount(t), apps);
    });

    it('migrates: the SDK in PrivateKey mode with the answer’s configuration does the same calls and nothing more', async () => {
      const response = await t.request('POST', `/api/v1/api-tokens/${integrator.tokenId}/migrate`, { body: { revokeToken: 'P1D', label: 'Nightly sync' } });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['cache-control'], 'no-store');
      const result = response.json();
      assert.equal(result.app.label, 'Nightly sync');
      assert.deepEqual(result.app.settings.oauthClient.grant_types, ['client_credentials']);
      assert.equal(result.app.credentials.oauthClient.token_endpoint_auth_method, 'private_key_jwt');
      assert.match(result.privateKey.pem, /^-----BEGIN PRIVATE KEY-----/);
      assert.equal(result.sdkConfig.clientId, result.app.id);
      assert.equal(result.sdkConfig.keyId, result.keyId);
      // The private key is not stored: only the public half is the app's.
      const keys = await t.store.apps.listKeys(result.app.id);
      assert.deepEqual(
        keys.map((k) => k.kid),
        [result.keyId],
      );
      assert.equal('d' in (keys[0]?.jwk ?? { d: 'missing key' }), false);
      const grants = (await t.request('GET', `/api/v1/apps/${result.app.id}/grants`)).json().map((g: { scopeId: string }) => g.scopeId);
      assert.deepEqual(grants.sort(), ['okta.groups.read', 'okta.users.read']);
      const roles = (await t.request('GET', `/oauth2/v1/clients/${result.app.id}/roles`)).json().map((r: { type: string }) => r.type);
      assert.deepEqual(roles, ['READ_ONLY_ADMIN']);

      const sdk = sdkPrivateKeyClient(t.baseUrl, {
        clientId: result.sdkConfig.clientId,
        scopes: result.sdkConfig.scopes,
        privateKey: result.sdkConfig.privateKey,
        keyId: result.sdkConfig.keyId,
      });
      await integration(sdk.client, t.admin.user.id, groupId);
      // Nothing more: a write the token's owner could do is not the app's.
      await expectOktaError(
        sdk.client.userApi.createUser({ body: { profile: { login: 'x@example.com', email: 'x@example.com', firstName: 'X', lastName: 'Y' } } }),
        403,
        'E0000006',
      );
      // The token works until the day of grace is over.
      const token = await t.store.apiTokens.get(integrator.tokenId);
      assert.ok(token?.retiresAt !== null && token?.retiresAt !== undefined);
      const logged = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 100_000 });
      const migrated = logged.map((r) => r.event).filter((e) => e.eventType === 'system.api_token.migrate');
      assert.deepEqual(
        migrated.at(-1)?.target?.map((x) => x.id),
        [integrator.tokenId, result.app.id],
      );
    });

    it('with the caller’s public key: the app holds it, and no private key is returned', async () => {
      const owner = await userWithRoles(t, 'own-key@example.com', ['USER_ADMIN']);
      await t.request('GET', '/api/v1/users', { token: owner.token });
      await t.app.services.meter?.flush();
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'mine-1', alg: 'RS256', use: 'sig' };
      const response = await t.request('POST', `/api/v1/api-tokens/${owner.tokenId}/migrate`, { body: { publicKey: jwk, revokeToken: 'now' } });
      assert.equal(response.statusCode, 200, response.body);
      const result = response.json();
      assert.equal(result.privateKey, undefined);
      assert.equal(result.keyId, 'mine-1');
      assert.equal((await t.store.apiTokens.get(owner.tokenId))?.revokedReason, 'migrated');
      assert.equal((await t.request('GET', '/api/v1/users', { token: owner.token })).statusCode, 401);
    });

    it('refuses a bad revocation, an unused token and a private key as the public key, writing nothing', async () => {
      const apps = await appCount(t);
      const unused = await userWithRoles(t, 'unused@example.com', ['USER_ADMIN']);
      const bad = await t.request('POST', `/api/v1/api-tokens/${integrator.tokenId}/migrate`, { body: { revokeToken: 'later' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().errorCode, 'E0000001');
      const nothing = await t.request('POST', `/api/v1/api-tokens/${unused.tokenId}/migrate`, { body: {} });
      assert.equal(nothing.statusCode, 400);
      assert.match(nothing.json().errorCauses[0].errorSummary, /nothing to migrate/);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const secret = await t.request('POST', `/api/v1/api-tokens/${integrator.tokenId}/migrate`, { body: { publicKey: privateKey.export({ format: 'jwk' }) } });
      assert.equal(secret.statusCode, 400, secret.body);
      assert.equal(await appCount(t), apps);
    });

    it('an admin who may not grant Okta API scopes cannot migrate, even its own token, and nothing is written', async () => {
      const apps = await appCount(t);
      const appAdmin = await userWithRoles(t, 'app-admin@example.com', ['APP_ADMIN']);
      assert.equal((await t.request('GET', '/api/v1/apps', { token: appAdmin.token })).statusCode, 200);
      await t.app.services.meter?.flush();
      const refused = await t.request('POST', `/api/v1/api-tokens/${appAdmin.tokenId}/migrate`, { token: appAdmin.token, body: {} });
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal(await appCount(t), apps);
      // A user admin may not create apps at all.
      const userAdmin = await userWithRoles(t, 'user-admin@example.com', ['USER_ADMIN']);
      assert.equal((await t.request('POST', `/api/v1/api-tokens/${userAdmin.tokenId}/migrate`, { token: userAdmin.token, body: {} })).statusCode, 403);
      // And nobody migrates a token it cannot see.
      const other = await t.request('POST', `/api/v1/api-tokens/${integrator.tokenId}/migrate`, { token: appAdmin.token, body: { dryRun: true } });
      assert.equal(other.statusCode, 404);
    });
  });
}
