/**
 * /api/v1/users/{id}/lifecycle/* and DELETE: Okta's status rules and refusals, body-less POSTs,
 * deletion only once deactivated, API tokens dying with their deactivated owner (for good, and
 * logged), and the last active SUPER_ADMIN that cannot be deactivated or suspended.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, createUser, oktaError, writesNothing, type UserJson } from './users-fixtures.js';

type Op = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock';

for (const kind of await storeKinds()) {
  describe(`users: lifecycle (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
    });
    after(() => t.close());

    const lifecycle = (userId: string, op: Op, token?: string) =>
      t.request('POST', `/api/v1/users/${userId}/lifecycle/${op}`, token === undefined ? {} : { token });
    const statusOf = async (userId: string) => (await t.request('GET', `/api/v1/users/${userId}`)).json<UserJson>().status;

    /** Asserts a successful lifecycle call: 200, JSON `{}`; returns the user as read afterwards. */
    async function transition(userId: string, op: Op): Promise<UserJson> {
      const res = await lifecycle(userId, op);
      assert.equal(res.statusCode, 200, `${op}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.json(), {});
      return (await t.request('GET', `/api/v1/users/${userId}`)).json<UserJson>();
    }

    it('walks a user with a password through Okta’s statuses, stamping statusChanged', async () => {
      const user = await createUser(t, 'walker@example.com', { activate: false });
      assert.equal(user.status, 'STAGED');
      const steps: [Op, string][] = [
        ['activate', 'ACTIVE'],
        ['suspend', 'SUSPENDED'],
        ['unsuspend', 'ACTIVE'],
        ['deactivate', 'DEPROVISIONED'],
        ['activate', 'ACTIVE'],
      ];
      for (const [op, status] of steps) {
        t.clock.advance(1_000);
        const after = await transition(user.id, op);
        assert.equal(after.status, status, op);
        assert.equal(after.statusChanged, isoAt(t.clock.now()), op);
        assert.equal(after.lastUpdated, isoAt(t.clock.now()), op);
        if (op === 'activate') assert.equal(after.activated, isoAt(t.clock.now()));
      }
    });

    it('activates a user without a password to PROVISIONED, and reactivates it in place', async () => {
      const user = await createUser(t, 'nopass@example.com', { password: null, activate: false });
      assert.equal((await transition(user.id, 'activate')).status, 'PROVISIONED');
      assert.equal((await transition(user.id, 'reactivate')).status, 'PROVISIONED');
    });

    it('unlocks a LOCKED_OUT user, and an ACTIVE one without change', async () => {
      const user = await createUser(t, 'locked@example.com');
      await t.store.users.update(user.id, (u) => ({ ...u, status: 'LOCKED_OUT' }));
      assert.equal((await transition(user.id, 'unlock')).status, 'ACTIVE');
      const before = (await t.request('GET', `/api/v1/users/${user.id}`)).json<UserJson>();
      t.clock.advance(1_000);
      let after: UserJson | undefined;
      await writesNothing(t, async () => {
        const res = await lifecycle(user.id, 'unlock');
        after = (await t.request('GET', `/api/v1/users/${user.id}`)).json<UserJson>();
        return res;
      });
      assert.deepEqual(after, before);
    });

    it('refuses transitions the status does not allow, as Okta does, and writes nothing', async () => {
      const active = await createUser(t, 'refuse-active@example.com');
      const staged = await createUser(t, 'refuse-staged@example.com', { activate: false });
      const gone = await createUser(t, 'refuse-gone@example.com', { password: null });
      await transition(gone.id, 'deactivate');
      const refusals: [string, Op, number, string][] = [
        [active.id, 'activate', 403, 'E0000016'],
        [active.id, 'reactivate', 403, 'E0000038'],
        [active.id, 'unsuspend', 400, 'E0000001'],
        [staged.id, 'suspend', 400, 'E0000001'],
        [staged.id, 'unlock', 403, 'E0000038'],
        [staged.id, 'reactivate', 403, 'E0000038'],
        [gone.id, 'deactivate', 403, 'E0000038'],
        [gone.id, 'suspend', 400, 'E0000001'],
        [gone.id, 'unsuspend', 400, 'E0000001'],
      ];
      for (const [userId, op, status, code] of refusals) {
        const body = oktaError(await writesNothing(t, () => lifecycle(userId, op)), status, code);
        if (code === 'E0000016') assert.equal(body.errorSummary, 'Activation failed because the user is already active');
        if (code === 'E0000038') assert.equal(body.errorSummary, "This operation is not allowed in the user's current status.");
        if (code === 'E0000001') assert.match(body.errorSummary, new RegExp(`Cannot ${op}`));
      }
      oktaError(await lifecycle('00uAAAAAAAAAAAAAAAAA', 'suspend'), 404, 'E0000007');
    });

    it('accepts a body-less POST with no Content-Type, and an empty JSON one', async () => {
      const user = await createUser(t, 'bodyless@example.com');
      const bare = await t.app.fastify.inject({
        method: 'POST',
        url: `/api/v1/users/${user.id}/lifecycle/suspend`,
        headers: { authorization: `SSWS ${t.admin.token}`, 'content-length': '0' },
      });
      assert.equal(bare.statusCode, 200, bare.body);
      assert.equal(bare.headers['content-type']?.toString().startsWith('application/json'), true);
      const typed = await t.request('POST', `/api/v1/users/${user.id}/lifecycle/unsuspend`, { body: '', headers: { 'content-type': 'application/json' } });
      assert.equal(typed.statusCode, 200, typed.body);
      assert.equal(await statusOf(user.id), 'ACTIVE');
    });

    it('deletes only once deactivated: 204 deactivates, 204 deletes, then 404', async () => {
      const user = await createUser(t, 'doomed@example.com');
      const first = await t.request('DELETE', `/api/v1/users/${user.id}`);
      assert.equal(first.statusCode, 204);
      assert.equal(first.body, '');
      assert.equal(await statusOf(user.id), 'DEPROVISIONED');
      const second = await t.request('DELETE', `/api/v1/users/${user.id}?sendEmail=false`);
      assert.equal(second.statusCode, 204);
      oktaError(await t.request('GET', `/api/v1/users/${user.id}`), 404, 'E0000007');
      assert.equal(await t.store.users.get(user.id), undefined);
      oktaError(await t.request('DELETE', `/api/v1/users/${user.id}`), 404, 'E0000007');
    });

    it('revokes a deactivated owner’s API tokens for good, and logs it', async () => {
      const owner = await userWithRoles(t, 'owner@example.com', ['ORG_ADMIN']);
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: owner.token })).statusCode, 200);
      await transition(owner.user.id, 'deactivate');
      const refused = await t.request('GET', '/api/v1/users/me', { token: owner.token });
      oktaError(refused, 401, 'E0000011');
      assert.ok(refused.headers['www-authenticate'], 'a 401 carries WWW-Authenticate');
      const token = await t.store.apiTokens.get(owner.tokenId);
      assert.ok(token?.revoked !== null && token?.revoked !== undefined, 'the token row is revoked');
      const events = await t.store.logs.query({ since: '1970-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 1000 });
      const revokes = events.filter((e) => e.event.eventType === 'system.api_token.revoke' && e.event.target.some((x) => x.id === owner.tokenId));
      assert.equal(revokes.length, 1, 'one revoke event names the token');
      assert.equal(revokes[0]?.event.actor.id, t.admin.user.id);

      await transition(owner.user.id, 'activate');
      assert.equal(await statusOf(owner.user.id), 'ACTIVE');
      oktaError(await t.request('GET', '/api/v1/users/me', { token: owner.token }), 401, 'E0000011');
    });

    it('refuses a suspended owner’s token while suspended, and accepts it again once unsuspended', async () => {
      const owner = await userWithRoles(t, 'napper@example.com', ['ORG_ADMIN']);
      await transition(owner.user.id, 'suspend');
      oktaError(await t.request('GET', '/api/v1/users/me', { token: owner.token }), 401, 'E0000011');
      await transition(owner.user.id, 'unsuspend');
      assert.equal((await t.request('GET', '/api/v1/users/me', { token: owner.token })).statusCode, 200);
    });

    it('never deactivates, suspends or deletes the last active SUPER_ADMIN, but a second one can go', async () => {
      const alone = await t.store.roles.countActiveUsersWithRole('SUPER_ADMIN');
      assert.equal(alone, 1);
      const attempts = [
        () => lifecycle(t.admin.user.id, 'deactivate'),
        () => lifecycle(t.admin.user.id, 'suspend'),
        () => t.request('DELETE', `/api/v1/users/${t.admin.user.id}`),
        () => lifecycle('me', 'deactivate'),
      ];
      for (const attempt of attempts) {
        const body = oktaError(await writesNothing(t, attempt), 400, 'E0000001');
        assert.match(body.errorSummary, /active super administrator/);
      }
      assert.equal(await statusOf(t.admin.user.id), 'ACTIVE');
      assert.equal((await t.request('GET', '/api/v1/users/me')).statusCode, 200, 'the admin token still works');

      const second = await userWithRoles(t, 'second-admin@example.com', ['SUPER_ADMIN']);
      assert.equal((await transition(second.user.id, 'suspend')).status, 'SUSPENDED');
      assert.equal((await transition(second.user.id, 'unsuspend')).status, 'ACTIVE');
      assert.equal((await transition(second.user.id, 'deactivate')).status, 'DEPROVISIONED');
      oktaError(await writesNothing(t, () => lifecycle(t.admin.user.id, 'deactivate')), 400, 'E0000001');

      const third = await userWithRoles(t, 'third-admin@example.com', ['SUPER_ADMIN']);
      const selfRemoval = await lifecycle('me', 'deactivate', third.token);
      assert.equal(selfRemoval.statusCode, 200, 'with another super admin left, one may deactivate itself');
      assert.equal(await statusOf(third.user.id), 'DEPROVISIONED');
    });
  });
}
