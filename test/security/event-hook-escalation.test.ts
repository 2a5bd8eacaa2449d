/**
 * Event hooks send the org's events, and a secret, wherever they point: only a SUPER_ADMIN may see
 * or configure them (Okta: "Only super admins can view and configure event hooks"; org admins
 * "can't … Manage hooks"). Tried as an attacker would: every other standard role, with its own API
 * token, against every event hook endpoint; and a super admin's service app whose token lacks the
 * okta.eventHooks.manage scope. Each refusal is 403 before the body is read, changes nothing, and
 * leaves one `core.api.access.denied` event.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINT_ACCESS } from '../../src/auth/endpoint-access.js';
import { ROLE_TYPES } from '../../src/auth/permissions.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, requestToken } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { createHook, hookBody, type HookJson } from '../http/event-hooks.fixtures.js';
import { eventsOfType } from '../http/roles.fixtures.js';

const ATTACKER_URI = 'https://attacker.example/collect';

/** One request per event hook endpoint, aimed at an existing hook. */
function attacks(hookId: string): { key: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; body?: unknown }[] {
  const base = `/api/v1/eventHooks/${hookId}`;
  return [
    { key: 'GET /api/v1/eventHooks', method: 'GET', url: '/api/v1/eventHooks' },
    { key: 'POST /api/v1/eventHooks', method: 'POST', url: '/api/v1/eventHooks', body: hookBody(ATTACKER_URI, { name: 'Exfiltrate' }) },
    { key: 'GET /api/v1/eventHooks/:eventHookId', method: 'GET', url: base },
    { key: 'PUT /api/v1/eventHooks/:eventHookId', method: 'PUT', url: base, body: hookBody(ATTACKER_URI, { name: 'Redirected' }) },
    { key: 'DELETE /api/v1/eventHooks/:eventHookId', method: 'DELETE', url: base },
    { key: 'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate', method: 'POST', url: `${base}/lifecycle/activate` },
    { key: 'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate', method: 'POST', url: `${base}/lifecycle/deactivate` },
    { key: 'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify', method: 'POST', url: `${base}/lifecycle/verify` },
    { key: 'GET /api/v1/eventHooks/:eventHookId/deliveries', method: 'GET', url: `${base}/deliveries` },
  ];
}

for (const kind of await storeKinds()) {
  describe(`event hooks are a super admin's alone (${kind})`, () => {
    let t: TestApp;
    let hook: HookJson;
    const principals = new Map<string, TestPrincipal>();

    /** Everything an attack could change, read straight from the store. */
    const snapshot = async () => JSON.stringify(await t.store.eventHooks.list());

    before(async () => {
      t = await startTestApp(kind);
      hook = await createHook(t, hookBody('https://receiver.example.com/okta', { name: 'Audit feed' }));
      for (const role of ROLE_TYPES.filter((r) => r !== 'SUPER_ADMIN'))
        principals.set(role, await userWithRoles(t, `${role.toLowerCase()}@example.com`, [role]));
    });
    after(() => t.close());

    it('every event hook endpoint is in the attack list', () => {
      const keys = Object.keys(ENDPOINT_ACCESS).filter((key) => key.includes('/api/v1/eventHooks'));
      assert.deepEqual(
        keys.sort(),
        attacks(hook.id)
          .map((a) => a.key)
          .sort(),
      );
    });

    it('no other standard role may read, create, change, verify or delete a hook: 403 E0000006, nothing changed, one denial each', async () => {
      for (const [role, principal] of principals) {
        for (const attack of attacks(hook.id)) {
          const before = await snapshot();
          const deniedBefore = (await eventsOfType(t, 'core.api.access.denied')).length;
          const res = await t.request(attack.method, attack.url, { token: principal.token, ...(attack.body === undefined ? {} : { body: attack.body }) });
          assert.equal(res.statusCode, 403, `${role} ${attack.key}: ${res.body}`);
          assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006', `${role} ${attack.key}`);
          assert.ok(!res.body.includes('receiver.example.com'), 'nothing of the hook is shown');
          assert.equal(await snapshot(), before, `${role} ${attack.key} changed something`);
          const denied = await eventsOfType(t, 'core.api.access.denied');
          assert.equal(denied.length, deniedBefore + 1, `${role} ${attack.key} left no denial event`);
          assert.equal(denied.at(-1)?.actor.id, principal.user.id);
        }
      }
    });

    it("a super admin's service app needs the okta.eventHooks scopes: read does not let it create", async () => {
      const app = await createServiceApp(t, { roles: ['SUPER_ADMIN'], scopes: ['okta.eventHooks.read', 'okta.users.manage'] });
      const readOnly = (await requestToken(t, app, 'okta.eventHooks.read')).json<{ access_token: string }>().access_token;
      const listed = await t.request('GET', '/api/v1/eventHooks', { authorization: `Bearer ${readOnly}` });
      assert.equal(listed.statusCode, 200, listed.body);
      const before = await snapshot();
      const create = await t.request('POST', '/api/v1/eventHooks', { authorization: `Bearer ${readOnly}`, body: hookBody(ATTACKER_URI, { name: 'Scoped' }) });
      assert.equal(create.statusCode, 403);
      assert.match(String(create.headers['www-authenticate']), /error="insufficient_scope"/);
      assert.match(String(create.headers['www-authenticate']), /scope="okta\.eventHooks\.manage"/);
      const otherScope = (await requestToken(t, app, 'okta.users.manage')).json<{ access_token: string }>().access_token;
      const viaUsers = await t.request('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`, { authorization: `Bearer ${otherScope}` });
      assert.equal(viaUsers.statusCode, 403, 'another manage scope opens nothing here');
      assert.equal(await snapshot(), before);
    });

    it('the super admin does what the others could not (the fixture is not what refuses)', async () => {
      const res = await t.request('PUT', `/api/v1/eventHooks/${hook.id}`, {
        body: hookBody('https://receiver.example.com/okta', { name: 'Audit feed, renamed' }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await t.request('GET', `/api/v1/eventHooks/${hook.id}/deliveries`)).statusCode, 200);
    });
  });
}
