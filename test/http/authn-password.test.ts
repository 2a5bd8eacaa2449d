import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { PASSWORD, WRONG, authn, context, createUser, eventsOf, signInConfig, statusOf } from './sign-in.fixtures.js';

const NEW_PASSWORD = 'N3w-Staple-Battery';

function changeBody(oldPassword: string, newPassword: string, extra: Record<string, unknown> = {}) {
  return { oldPassword: { value: oldPassword }, newPassword: { value: newPassword }, ...extra };
}

for (const kind of await storeKinds()) {
  describe(`password operations (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: signInConfig() });
    });
    after(() => t.close());

    it('a user changes its own password through `me`: the old one stops working, the new one works', async () => {
      const self = await userWithRoles(t, 'self@example.com', []);
      const res = await t.request('POST', '/api/v1/users/me/credentials/change_password', {
        token: self.token,
        body: changeBody('Passw0rd-Test!', NEW_PASSWORD),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
      assert.equal((await authn(t, 'self@example.com', 'Passw0rd-Test!')).statusCode, 401);
      assert.equal((await authn(t, 'self@example.com', NEW_PASSWORD)).statusCode, 200);
      assert.equal((await eventsOf(t, 'user.account.update_password', self.user.id)).length, 1);
    });

    it('a wrong current password or a new one that breaks the policy → 403 E0000014, and nothing changes', async () => {
      const id = await createUser(t, 'policy@example.com');
      const wrong = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, { body: changeBody(WRONG, NEW_PASSWORD) });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().errorCode, 'E0000014');
      assert.equal(wrong.json().errorSummary, 'Update of credentials failed');
      assert.deepEqual(wrong.json().errorCauses, [{ errorSummary: 'oldPassword: The credentials provided were incorrect.' }]);
      for (const weak of ['short1A', 'alllowercase1', 'policy@example.com', PASSWORD]) {
        const res = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, { body: changeBody(PASSWORD, weak) });
        assert.equal(res.statusCode, 403, weak);
        assert.equal(res.json().errorCode, 'E0000014');
        assert.match(res.json().errorCauses[0].errorSummary, /^password: /);
      }
      assert.equal((await authn(t, 'policy@example.com', PASSWORD)).statusCode, 200);
      const malformed = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, { body: { oldPassword: { value: PASSWORD } } });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().errorCode, 'E0000001');
    });

    it("a user without a role cannot change someone else's password; an admin can, and may end their sessions", async () => {
      const id = await createUser(t, 'target@example.com');
      const other = await userWithRoles(t, 'other@example.com', []);
      const refused = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, {
        token: other.token,
        body: changeBody(PASSWORD, NEW_PASSWORD),
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().errorCode, 'E0000006');

      const token = (await authn(t, 'target@example.com', PASSWORD)).json().sessionToken as string;
      const signedIn = await t.app.services.sessions.redeemSessionToken(context(), token);
      assert.ok(signedIn);
      const { cookieValue } = await t.app.services.sessions.startSession(context(), signedIn);
      const helpDesk = await userWithRoles(t, 'helpdesk@example.com', ['HELP_DESK_ADMIN']);
      const res = await t.request('POST', `/api/v1/users/${id}/credentials/change_password`, {
        token: helpDesk.token,
        body: changeBody(PASSWORD, NEW_PASSWORD, { revokeSessions: true }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await t.app.services.sessions.sessionFromCookie(cookieValue), undefined);
    });

    it('expire_password: PASSWORD_EXPIRED; authn answers that state with a stateToken, and the change through it signs in', async () => {
      const id = await createUser(t, 'expired@example.com');
      const res = await t.request('POST', `/api/v1/users/${id}/lifecycle/expire_password`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'PASSWORD_EXPIRED');
      assert.equal((await eventsOf(t, 'user.account.expire_password', id)).length, 1);

      assert.equal((await authn(t, 'expired@example.com', WRONG)).statusCode, 401);
      const state = await authn(t, 'expired@example.com', PASSWORD);
      assert.equal(state.statusCode, 200, state.body);
      const body = state.json();
      assert.equal(body.status, 'PASSWORD_EXPIRED');
      assert.equal(body.sessionToken, undefined);
      assert.equal(typeof body.stateToken, 'string');
      assert.equal(body._links.next.href, `${t.config.orgUrl}/api/v1/authn/credentials/change_password`);
      assert.equal(body._embedded.user.id, id);
      assert.equal(body._embedded.policy.complexity.minLength, 8);

      const badToken = await t.request('POST', '/api/v1/authn/credentials/change_password', {
        token: null,
        body: { stateToken: body.stateToken + 'x', oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      assert.equal(badToken.statusCode, 401);
      assert.equal(badToken.json().errorCode, 'E0000011');
      const changed = await t.request('POST', '/api/v1/authn/credentials/change_password', {
        token: null,
        body: { stateToken: body.stateToken, oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json().status, 'SUCCESS');
      assert.match(changed.json().sessionToken, /^20/);
      assert.equal(await statusOf(t, id), 'ACTIVE');
      // The state token named the old password: it cannot be used twice.
      const again = await t.request('POST', '/api/v1/authn/credentials/change_password', {
        token: null,
        body: { stateToken: body.stateToken, oldPassword: NEW_PASSWORD, newPassword: 'An0ther-Password' },
      });
      assert.equal(again.statusCode, 401);
      assert.equal((await authn(t, 'expired@example.com', NEW_PASSWORD)).json().status, 'SUCCESS');
    });

    it('expire_password needs an admin and an ACTIVE user', async () => {
      const id = await createUser(t, 'expire2@example.com');
      const other = await userWithRoles(t, 'other2@example.com', []);
      assert.equal((await t.request('POST', `/api/v1/users/${id}/lifecycle/expire_password`, { token: other.token })).statusCode, 403);
      assert.equal((await t.request('POST', `/api/v1/users/${id}/lifecycle/suspend`)).statusCode, 200);
      const suspended = await t.request('POST', `/api/v1/users/${id}/lifecycle/expire_password`);
      assert.equal(suspended.statusCode, 403);
      assert.equal(suspended.json().errorCode, 'E0000038');
      assert.equal((await t.request('POST', '/api/v1/users/nobody@example.com/lifecycle/expire_password')).statusCode, 404);
    });
  });
}
