/**
 * Network zones and network conditions, tried from outside as an attacker would, on both
 * databases. Zones decide where API tokens may be used from, so changing one is an escalation
 * path: every standard role without okta.networkZones.manage sends every zone write (create,
 * replace, activate, deactivate, delete) and gets 403 E0000006 before its body is read, nothing
 * changes, and each attempt is one `core.api.access.denied` event. A caller who may only manage
 * its own tokens cannot set or lift the network condition of someone else's token (404, as for
 * any token it cannot see), but may restrict its own; and an admin who may edit apps cannot lift
 * the network condition of an app whose tokens hold more than it does (`app.delivery.change`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { permissionsOfRoles, ROLE_TYPES } from '../../src/auth/permissions.js';
import { DEFAULT_RATE_LIMITS } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { eventsOfType } from '../http/roles.fixtures.js';
import { createZone, type ErrorJson, type ZoneJson } from '../http/zones.fixtures.js';

const UNLIMITED = {
  perMinute: { ...DEFAULT_RATE_LIMITS, apiTokens: 1_000_000, default: 1_000_000, users: 1_000_000 },
  perCredentialShare: 1,
  windowMs: 60_000,
};

interface Attack {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
}

/** Every zone write, aimed at a zone a token's condition relies on (`guard`) or at a new one. */
function attacks(guard: ZoneJson, spare: ZoneJson): readonly Attack[] {
  const wideOpen = {
    type: 'IP',
    name: guard.name,
    gateways: [
      { type: 'CIDR', value: '0.0.0.0/0' },
      { type: 'CIDR', value: '::/0' },
    ],
  };
  return [
    { method: 'POST', url: '/api/v1/zones', body: { type: 'IP', name: 'Attacker home', gateways: [{ type: 'CIDR', value: '192.0.2.0/24' }] } },
    { method: 'PUT', url: `/api/v1/zones/${guard.id}`, body: wideOpen },
    { method: 'POST', url: `/api/v1/zones/${guard.id}/lifecycle/deactivate` },
    { method: 'POST', url: `/api/v1/zones/${spare.id}/lifecycle/activate` },
    { method: 'DELETE', url: `/api/v1/zones/${spare.id}` },
  ];
}

/** Everything a zone attack could change, read straight from the store. */
async function snapshot(t: TestApp): Promise<string> {
  const zones = await t.store.networkZones.list({ limit: 1000 });
  const tokens = await t.store.apiTokens.list({ limit: 1000 });
  return JSON.stringify({ zones, tokens: tokens.map((token) => [token.id, token.name, token.network]) });
}

for (const kind of await storeKinds()) {
  describe(`network zones cannot be used to escalate (${kind})`, () => {
    let t: TestApp;
    let guard: ZoneJson;
    let spare: ZoneJson;
    /** The super admin's token, restricted to the `guard` zone. */
    let guarded: { token: string; tokenId: string };

    before(async () => {
      t = await startTestApp(kind, { config: { rateLimit: UNLIMITED } });
      guard = await createZone(t, 'Data centre', ['203.0.113.0/24']);
      spare = await createZone(t, 'Spare', ['198.51.100.0/24']);
      assert.equal((await t.request('POST', `/api/v1/zones/${spare.id}/lifecycle/deactivate`)).statusCode, 200);
      guarded = await insertApiToken(t, t.admin.user.id, { name: 'guarded' });
      const put = await t.request('PUT', `/api/v1/api-tokens/${guarded.tokenId}`, {
        body: { name: 'guarded', network: { connection: 'ZONE', include: [guard.id] } },
      });
      assert.equal(put.statusCode, 200, put.body);
    });
    after(() => t.close());

    const withoutManage = ROLE_TYPES.filter((role) => !permissionsOfRoles([role]).has('okta.networkZones.manage'));

    it('only super and org admins hold okta.networkZones.manage', () => {
      assert.deepEqual(
        ROLE_TYPES.filter((role) => !withoutManage.includes(role)),
        ['SUPER_ADMIN', 'ORG_ADMIN'],
      );
    });

    for (const role of withoutManage) {
      it(`a ${role} can neither create nor change, deactivate, activate or delete a zone`, async () => {
        const caller: TestPrincipal = await userWithRoles(t, `${role.toLowerCase()}@example.com`, [role]);
        const before = await snapshot(t);
        const denials = (await eventsOfType(t, 'core.api.access.denied')).length;
        const sent = attacks(guard, spare);
        for (const attack of sent) {
          const res = await t.request(attack.method, attack.url, { token: caller.token, ...(attack.body === undefined ? {} : { body: attack.body }) });
          assert.equal(res.statusCode, 403, `${role} ${attack.method} ${attack.url}: ${res.body}`);
          assert.equal(res.json<ErrorJson>().errorCode, 'E0000006');
        }
        // Refused before validation: a malformed body learns nothing either.
        const probe = await t.request('POST', '/api/v1/zones', { token: caller.token, body: { type: 'nonsense' } });
        assert.equal(probe.statusCode, 403);
        assert.equal(await snapshot(t), before, 'nothing changed');
        const denied = (await eventsOfType(t, 'core.api.access.denied')).slice(denials);
        assert.equal(denied.length, sent.length + 1, 'one denial event per attempt');
        assert.ok(denied.every((e) => e.actor.id === caller.user.id && /missing permission okta\.networkZones\.manage/.test(e.outcome.reason ?? '')));
        const read = await t.request('GET', '/api/v1/zones', { token: caller.token });
        assert.equal(read.statusCode, permissionsOfRoles([role]).has('okta.networkZones.read') ? 200 : 403, `${role} reads zones`);
      });
    }

    it("a caller managing only its own tokens cannot set or lift the network condition of another's token", async () => {
      const reader = await userWithRoles(t, 'reader@example.com', ['READ_ONLY_ADMIN']);
      const before = await snapshot(t);
      for (const network of [{ connection: 'ANYWHERE' }, { connection: 'ZONE', exclude: [guard.id] }]) {
        const res = await t.request('PUT', `/api/v1/api-tokens/${guarded.tokenId}`, { token: reader.token, body: { name: 'guarded', network } });
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json<ErrorJson>().errorCode, 'E0000007');
      }
      const admins = await t.request('PUT', `/api/v1/api-tokens/${t.admin.tokenId}`, {
        token: reader.token,
        body: { name: 'admin token', network: { connection: 'ZONE', include: [guard.id] } },
      });
      assert.equal(admins.statusCode, 404, 'nor restrict it, locking its owner out');
      assert.equal(await snapshot(t), before, 'nothing changed');
      assert.deepEqual((await t.store.apiTokens.get(guarded.tokenId))?.network, { connection: 'ZONE', include: [guard.id] });

      const own = await t.request('PUT', `/api/v1/api-tokens/${reader.tokenId}`, {
        token: reader.token,
        body: { name: 'mine', network: { connection: 'ZONE', include: [guard.id] } },
      });
      assert.equal(own.statusCode, 200, own.body);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: reader.token })).statusCode, 403, 'its own restriction holds it too');
    });

    it('an admin who may edit apps cannot lift or move the network condition of an app whose tokens hold more than it does', async () => {
      const powerful = await createServiceApp(t, { roles: ['SUPER_ADMIN'], scopes: ['okta.users.read'], label: 'Powerful job' });
      const body = (network: unknown) => ({
        name: 'oidc_client',
        label: 'Powerful job',
        signOnMode: 'OPENID_CONNECT',
        credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        settings: { oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], network } },
      });
      const restrict = await t.request('PUT', `/api/v1/apps/${powerful.clientId}`, { body: body({ connection: 'ZONE', include: [guard.id] }) });
      assert.equal(restrict.statusCode, 200, restrict.body);
      const before = JSON.stringify(await t.store.apps.get(powerful.clientId));
      const appAdmin = await userWithRoles(t, 'app.admin@example.com', ['APP_ADMIN']);
      const orgAdmin = await userWithRoles(t, 'org.admin@example.com', ['ORG_ADMIN']);
      for (const caller of [appAdmin, orgAdmin]) {
        for (const network of [{ connection: 'ANYWHERE' }, { connection: 'ZONE', exclude: [guard.id] }]) {
          const res = await t.request('PUT', `/api/v1/apps/${powerful.clientId}`, { token: caller.token, body: body(network) });
          assert.equal(res.statusCode, 403, `${caller.user.id}: ${res.body}`);
          assert.equal(res.json<ErrorJson>().errorCode, 'E0000006');
        }
      }
      assert.equal(JSON.stringify(await t.store.apps.get(powerful.clientId)), before, 'nothing changed');
    });

    it('the guarded token itself, used from outside its zone, can neither lift its condition nor widen its zone', async () => {
      const lift = await t.request('PUT', `/api/v1/api-tokens/${guarded.tokenId}`, {
        token: guarded.token,
        body: { name: 'guarded', network: { connection: 'ANYWHERE' } },
      });
      assert.equal(lift.statusCode, 403);
      const widen = await t.request('PUT', `/api/v1/zones/${guard.id}`, { token: guarded.token, body: attacks(guard, spare)[1]?.body });
      assert.equal(widen.statusCode, 403);
      assert.deepEqual((await t.store.networkZones.get(guard.id))?.gateways, [{ type: 'CIDR', value: '203.0.113.0/24' }]);
    });
  });
}
