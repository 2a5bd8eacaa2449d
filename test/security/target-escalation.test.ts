/**
 * Escalation by acting on a target that holds more than the caller, tried from outside as an
 * attacker would: one API token per standard role, a super admin, a group granting SUPER_ADMIN
 * and apps whose tokens carry Okta API scopes or admin roles. Every endpoint that declares a
 * guarded target rule (ENDPOINT_ACCESS `acts`) is sent by an ORG_ADMIN, the strongest lower role,
 * against a target only a super admin may touch: 403 E0000006 with the reason, nothing changed,
 * and one `core.api.access.denied` event naming the target.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENDPOINT_ACCESS } from '../../src/auth/endpoint-access.js';
import { TARGET_RULES } from '../../src/auth/target-rules.js';
import { isoAt } from '../../src/clock.js';
import { newId } from '../../src/crypto/random-id.js';
import { storeKinds } from '../helpers/databases.js';
import { createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { startTestApp, userWithRoles, type TestApp, type TestPrincipal } from '../helpers/test-app.js';
import { rsaJwk } from '../http/apps.fixtures.js';
import { eventsOfType } from '../http/roles.fixtures.js';
import { createWebApp, REDIRECT_URI, type WebApp } from '../oauth/user-context-fixtures.js';

interface Attack {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
}

interface Fixture {
  /** A second super admin, with a password the attacker does not know. */
  readonly root: TestPrincipal;
  /** A group granting SUPER_ADMIN, with `root` in it. */
  readonly rootGroup: string;
  /** A user-context app holding okta.users.manage and okta.roles.manage (which an ORG_ADMIN lacks), with a client secret and an inactive one. */
  readonly web: WebApp;
  readonly webInactiveSecret: string;
  /** A service app with the SUPER_ADMIN client role, an active key and an inactive one. */
  readonly service: ServiceApp;
  readonly serviceInactiveKey: string;
  readonly serviceActiveKey: string;
  readonly clientRoleId: string;
  readonly grantId: string;
  readonly rootGroupRoleId: string;
}

const PASSWORD = { value: 'An0ther-Passw0rd!' };

/** One request per endpoint with a guarded target rule, aimed at what only a super admin may touch. */
const ATTACKS: Readonly<Record<string, (f: Fixture) => Attack>> = {
  'POST /api/v1/users': (f) => ({
    method: 'POST',
    url: '/api/v1/users',
    body: {
      profile: { login: 'mole@example.com', email: 'mole@example.com', firstName: 'M', lastName: 'O' },
      credentials: { password: PASSWORD },
      groupIds: [f.rootGroup],
    },
  }),
  'POST /api/v1/users/:userId': (f) => ({ method: 'POST', url: `/api/v1/users/${f.root.user.id}`, body: { credentials: { password: PASSWORD } } }),
  'PUT /api/v1/users/:userId': (f) => ({
    method: 'PUT',
    url: `/api/v1/users/${f.root.user.id}`,
    body: { profile: { login: 'mine@example.com', email: 'mine@example.com', firstName: 'R', lastName: 'Oot' } },
  }),
  'DELETE /api/v1/users/:userId': (f) => ({ method: 'DELETE', url: `/api/v1/users/${f.root.user.id}` }),
  'POST /api/v1/users/:userId/lifecycle/reactivate': (f) => ({ method: 'POST', url: `/api/v1/users/${f.root.user.id}/lifecycle/reactivate` }),
  'POST /api/v1/users/:userId/lifecycle/deactivate': (f) => ({ method: 'POST', url: `/api/v1/users/${f.root.user.id}/lifecycle/deactivate` }),
  'POST /api/v1/users/:userId/lifecycle/unlock': (f) => ({ method: 'POST', url: `/api/v1/users/${f.root.user.id}/lifecycle/unlock` }),
  'POST /api/v1/users/:userId/credentials/change_password': (f) => ({
    method: 'POST',
    url: `/api/v1/users/${f.root.user.id}/credentials/change_password`,
    body: { oldPassword: { value: 'Passw0rd-Test!' }, newPassword: PASSWORD },
  }),
  'POST /api/v1/users/:userId/lifecycle/expire_password': (f) => ({ method: 'POST', url: `/api/v1/users/${f.root.user.id}/lifecycle/expire_password` }),
  'DELETE /api/v1/groups/:groupId': (f) => ({ method: 'DELETE', url: `/api/v1/groups/${f.rootGroup}` }),
  'PUT /api/v1/groups/:groupId/users/:userId': (f) => ({ method: 'PUT', url: `/api/v1/groups/${f.rootGroup}/users/${ATTACKER_ID}` }),
  'DELETE /api/v1/groups/:groupId/users/:userId': (f) => ({ method: 'DELETE', url: `/api/v1/groups/${f.rootGroup}/users/${f.root.user.id}` }),
  'POST /api/v1/groups/:groupId/roles': (f) => ({ method: 'POST', url: `/api/v1/groups/${f.rootGroup}/roles`, body: { type: 'REPORT_ADMIN' } }),
  'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId': (f) => ({ method: 'DELETE', url: `/api/v1/groups/${f.rootGroup}/roles/${f.rootGroupRoleId}` }),
  'PUT /api/v1/apps/:appId': (f) => ({ method: 'PUT', url: `/api/v1/apps/${f.web.clientId}`, body: webAppReplacing(f.web, ['https://attacker.example/cb']) }),
  'POST /api/v1/apps/:appId/credentials/jwks': (f) => ({ method: 'POST', url: `/api/v1/apps/${f.service.clientId}/credentials/jwks`, body: rsaJwk('mole', 3) }),
  'DELETE /api/v1/apps/:appId/credentials/jwks/:keyId': (f) => ({
    method: 'DELETE',
    url: `/api/v1/apps/${f.service.clientId}/credentials/jwks/${f.serviceInactiveKey}`,
  }),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/activate': (f) => ({
    method: 'POST',
    url: `/api/v1/apps/${f.service.clientId}/credentials/jwks/${f.serviceInactiveKey}/lifecycle/activate`,
  }),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/deactivate': (f) => ({
    method: 'POST',
    url: `/api/v1/apps/${f.service.clientId}/credentials/jwks/${f.serviceActiveKey}/lifecycle/deactivate`,
  }),
  'POST /api/v1/apps/:appId/credentials/secrets': (f) => ({ method: 'POST', url: `/api/v1/apps/${f.web.clientId}/credentials/secrets`, body: {} }),
  'DELETE /api/v1/apps/:appId/credentials/secrets/:secretId': (f) => ({
    method: 'DELETE',
    url: `/api/v1/apps/${f.web.clientId}/credentials/secrets/${f.webInactiveSecret}`,
  }),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/activate': (f) => ({
    method: 'POST',
    url: `/api/v1/apps/${f.web.clientId}/credentials/secrets/${f.webInactiveSecret}/lifecycle/activate`,
  }),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/deactivate': (f) => ({
    method: 'POST',
    url: `/api/v1/apps/${f.web.clientId}/credentials/secrets/${f.webInactiveSecret}/lifecycle/deactivate`,
  }),
  'POST /api/v1/apps/:appId/grants': (f) => ({
    method: 'POST',
    url: `/api/v1/apps/${f.web.clientId}/grants`,
    body: { issuer: 'http://127.0.0.1:8080', scopeId: 'okta.logs.read' },
  }),
  'DELETE /api/v1/apps/:appId/grants/:grantId': (f) => ({ method: 'DELETE', url: `/api/v1/apps/${f.web.clientId}/grants/${f.grantId}` }),
  'PUT /oauth2/v1/clients/:clientId': (f) => ({
    method: 'PUT',
    url: `/oauth2/v1/clients/${f.web.clientId}`,
    body: {
      client_name: f.web.app.label,
      redirect_uris: ['https://attacker.example/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      application_type: 'web',
    },
  }),
  'POST /oauth2/v1/clients/:clientId/lifecycle/newSecret': (f) => ({ method: 'POST', url: `/oauth2/v1/clients/${f.web.clientId}/lifecycle/newSecret` }),
  'POST /oauth2/v1/clients/:clientId/roles': (f) => ({ method: 'POST', url: `/oauth2/v1/clients/${f.service.clientId}/roles`, body: { type: 'REPORT_ADMIN' } }),
  'DELETE /oauth2/v1/clients/:clientId/roles/:roleAssignmentId': (f) => ({
    method: 'DELETE',
    url: `/oauth2/v1/clients/${f.service.clientId}/roles/${f.clientRoleId}`,
  }),
};

let ATTACKER_ID = '';

function webAppReplacing(web: WebApp, redirectUris: readonly string[]): unknown {
  return {
    name: 'oidc_client',
    label: web.app.label,
    signOnMode: 'OPENID_CONNECT',
    credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
    settings: {
      oauthClient: {
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        post_logout_redirect_uris: ['https://app.example.com/signed-out'],
      },
    },
  };
}

/** Everything an attack could change, read straight from the store. */
async function snapshot(t: TestApp, f: Fixture): Promise<string> {
  const web = f.web.clientId;
  const service = f.service.clientId;
  const state = {
    root: await t.store.users.get(f.root.user.id),
    users: (await t.store.users.list({ limit: 100, excludeStatuses: [] })).map((u) => [u.id, u.status, u.passwordHash, u.profile]),
    rootGroupMembers: (await t.store.groups.listMembers(f.rootGroup, { limit: 100, after: undefined })).map((u) => u.id),
    rootGroupRoles: await t.store.roles.listFor('GROUP', f.rootGroup),
    apps: [await t.store.apps.get(web), await t.store.apps.get(service)],
    keys: await t.store.apps.listKeys(service),
    secrets: [...(await t.store.apps.listSecrets(web))].map((s) => [s.id, s.status, s.digest]),
    grants: await t.store.apps.listGrants(web),
    clientRoles: await t.store.roles.listFor('CLIENT', service),
  };
  return JSON.stringify(state);
}

function deniedEvents(t: TestApp) {
  return eventsOfType(t, 'core.api.access.denied');
}

for (const kind of await storeKinds()) {
  describe(`authorization knows its target (${kind})`, () => {
    let t: TestApp;
    let f: Fixture;
    let orgAdmin: TestPrincipal;

    before(async () => {
      t = await startTestApp(kind);
      orgAdmin = await userWithRoles(t, 'org.admin@example.com', ['ORG_ADMIN']);
      ATTACKER_ID = orgAdmin.user.id;
      const root = await userWithRoles(t, 'root@example.com', ['SUPER_ADMIN']);
      const now = isoAt(t.clock.now());
      const group = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Root admins' } } });
      const rootGroup = group.json<{ id: string }>().id;
      const rootGroupRole = await t.request('POST', `/api/v1/groups/${rootGroup}/roles`, { body: { type: 'SUPER_ADMIN' } });
      assert.equal((await t.request('PUT', `/api/v1/groups/${rootGroup}/users/${root.user.id}`)).statusCode, 204);
      const web = await createWebApp(t, { scopes: ['okta.users.manage', 'okta.roles.manage'] });
      const webInactiveSecret = newId('appSecret');
      await t.store.apps.insertSecret({
        id: webInactiveSecret,
        appId: web.clientId,
        digest: 'x'.repeat(43),
        status: 'INACTIVE',
        created: now,
        lastUpdated: now,
      });
      const service = await createServiceApp(t, { roles: ['SUPER_ADMIN'], scopes: ['okta.users.read'] });
      const inactive = await t.request('POST', `/api/v1/apps/${service.clientId}/credentials/jwks`, { body: { ...rsaJwk('spare', 2), status: 'INACTIVE' } });
      assert.equal(inactive.statusCode, 201, inactive.body);
      const keys = await t.store.apps.listKeys(service.clientId);
      const active = keys.find((k) => k.status === 'ACTIVE');
      assert.ok(active !== undefined);
      const clientRoles = await t.store.roles.listFor('CLIENT', service.clientId);
      const grants = await t.store.apps.listGrants(web.clientId);
      f = {
        root,
        rootGroup,
        web,
        webInactiveSecret,
        service,
        serviceInactiveKey: inactive.json<{ id: string }>().id,
        serviceActiveKey: active.id,
        clientRoleId: clientRoles[0]?.id ?? '',
        grantId: grants[0]?.id ?? '',
        rootGroupRoleId: rootGroupRole.json<{ id: string }>().id,
      };
    });
    after(() => t.close());

    it('a USER_ADMIN cannot take over a super admin: setting its password is refused, and the old password still signs in', async () => {
      const userAdmin = await userWithRoles(t, 'user.admin@example.com', ['USER_ADMIN']);
      const set = await t.request('POST', `/api/v1/users/${f.root.user.id}`, { token: userAdmin.token, body: { credentials: { password: PASSWORD } } });
      assert.equal(set.statusCode, 403);
      const error = set.json<{ errorCode: string; errorCauses: { errorSummary: string }[] }>();
      assert.equal(error.errorCode, 'E0000006');
      assert.deepEqual(error.errorCauses, [
        {
          errorSummary:
            "The user root@example.com holds SUPER_ADMIN: only a super administrator may change this user's profile (login, email and every other attribute)",
        },
      ]);
      // The attacker's next steps fail: the new password does not sign in, the old one does.
      const signIn = await t.request('POST', '/api/v1/authn', { token: null, body: { username: 'root@example.com', password: PASSWORD.value } });
      assert.equal(signIn.statusCode, 401);
      const old = await t.request('POST', '/api/v1/authn', { token: null, body: { username: 'root@example.com', password: 'Passw0rd-Test!' } });
      assert.equal(old.json<{ status: string }>().status, 'SUCCESS');
      // Nor through the login (the second path): changing it is the same guarded change.
      const login = await t.request('POST', `/api/v1/users/${f.root.user.id}`, {
        token: userAdmin.token,
        body: { profile: { email: 'user.admin+root@example.com' } },
      });
      assert.equal(login.statusCode, 403);
      const denied = (await deniedEvents(t)).filter((e) => e.target[0]?.id === f.root.user.id);
      assert.equal(denied.length, 2);
      assert.match(denied[0]?.outcome?.reason ?? '', /holds SUPER_ADMIN/);
    });

    it('a GROUP_MEMBERSHIP_ADMIN cannot join a group that grants SUPER_ADMIN, nor a USER_ADMIN create a user in it (groupIds)', async () => {
      const gma = await userWithRoles(t, 'gma@example.com', ['GROUP_MEMBERSHIP_ADMIN']);
      const join = await t.request('PUT', `/api/v1/groups/${f.rootGroup}/users/${gma.user.id}`, { token: gma.token });
      assert.equal(join.statusCode, 403);
      const userAdmin = await userWithRoles(t, 'user.admin2@example.com', ['USER_ADMIN']);
      const create = await t.request('POST', '/api/v1/users?activate=true', {
        token: userAdmin.token,
        body: {
          profile: { login: 'sleeper@example.com', email: 'sleeper@example.com', firstName: 'S', lastName: 'L' },
          credentials: { password: PASSWORD },
          groupIds: [f.rootGroup],
        },
      });
      assert.equal(create.statusCode, 403);
      assert.match(
        create.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses[0]?.errorSummary ?? '',
        /^The group Root admins grants SUPER_ADMIN to its members: only a super administrator may add members to this group$/,
      );
      assert.equal(await t.store.users.getByLogin('sleeper@example.com'), undefined);
    });

    it('an APP_ADMIN cannot send a granted app’s codes to itself, but still edits an app without grants', async () => {
      const appAdmin = await userWithRoles(t, 'app.admin@example.com', ['APP_ADMIN']);
      const redirect = await t.request('PUT', `/api/v1/apps/${f.web.clientId}`, {
        token: appAdmin.token,
        body: webAppReplacing(f.web, [REDIRECT_URI, 'https://attacker.example/cb']),
      });
      assert.equal(redirect.statusCode, 403, redirect.body);
      assert.match(
        redirect.json<{ errorCauses: { errorSummary: string }[] }>().errorCauses[0]?.errorSummary ?? '',
        /has tokens that carry okta\.users\.create, .* you may not change where this app's tokens are delivered/,
      );
      assert.deepEqual((await t.store.apps.get(f.web.clientId))?.oauthClient['redirect_uris'], [REDIRECT_URI]);
      const plain = await createWebApp(t);
      const edit = await t.request('PUT', `/api/v1/apps/${plain.clientId}`, {
        token: appAdmin.token,
        body: webAppReplacing(plain, ['https://elsewhere.example/cb']),
      });
      assert.equal(edit.statusCode, 200, edit.body);
    });

    it('lower admins still suspend, unsuspend and sign out a super admin, as Okta lets them', async () => {
      const userAdmin = await userWithRoles(t, 'user.admin3@example.com', ['USER_ADMIN']);
      const other = await userWithRoles(t, 'root2@example.com', ['SUPER_ADMIN']);
      for (const step of ['suspend', 'unsuspend']) {
        const res = await t.request('POST', `/api/v1/users/${other.user.id}/lifecycle/${step}`, { token: userAdmin.token });
        assert.equal(res.statusCode, 200, `${step}: ${res.body}`);
      }
      assert.equal((await t.request('DELETE', `/api/v1/users/${other.user.id}/sessions`, { token: userAdmin.token })).statusCode, 204);
      // But not deactivate it.
      assert.equal((await t.request('POST', `/api/v1/users/${other.user.id}/lifecycle/deactivate`, { token: userAdmin.token })).statusCode, 403);
      assert.equal((await t.store.users.get(other.user.id))?.status, 'ACTIVE');
    });

    it('a user still changes its own password, whatever roles it holds', async () => {
      const self = await userWithRoles(t, 'helpdesk.self@example.com', ['HELP_DESK_ADMIN']);
      const res = await t.request('POST', '/api/v1/users/me/credentials/change_password', {
        token: self.token,
        body: { oldPassword: { value: 'Passw0rd-Test!' }, newPassword: PASSWORD },
      });
      assert.equal(res.statusCode, 200, res.body);
    });

    it('every endpoint with a guarded target rule refuses an ORG_ADMIN acting on what only a super admin holds, and changes nothing', async () => {
      const guardedKeys = Object.entries(ENDPOINT_ACCESS)
        .filter(([, access]) => access.acts?.some((op) => TARGET_RULES[op].guarded) === true)
        .map(([key]) => key);
      assert.deepEqual(
        guardedKeys.filter((key) => ATTACKS[key] === undefined),
        [],
        'every guarded endpoint needs an attack here',
      );
      for (const key of guardedKeys) {
        const attack = ATTACKS[key];
        assert.ok(attack !== undefined);
        const { method, url, body } = attack(f);
        const before = await snapshot(t, f);
        const deniedBefore = (await deniedEvents(t)).length;
        const res = await t.request(method, url, { token: orgAdmin.token, ...(body === undefined ? {} : { body }) });
        assert.equal(res.statusCode, 403, `${key}: ${res.body}`);
        assert.equal(res.json<{ errorCode: string }>().errorCode, 'E0000006', key);
        assert.equal(await snapshot(t, f), before, `${key} changed something`);
        assert.equal((await deniedEvents(t)).length, deniedBefore + 1, `${key} left no denial event`);
      }
    });

    it('the super admin does what the ORG_ADMIN could not (the fixture is not what refuses)', async () => {
      const res = await t.request('POST', `/api/v1/apps/${f.service.clientId}/credentials/jwks/${f.serviceInactiveKey}/lifecycle/activate`);
      assert.equal(res.statusCode, 200, res.body);
      const redirect = await t.request('PUT', `/api/v1/apps/${f.web.clientId}`, {
        body: webAppReplacing(f.web, [REDIRECT_URI, 'https://app.example.com/other']),
      });
      assert.equal(redirect.statusCode, 200, redirect.body);
      const join = await t.request('PUT', `/api/v1/groups/${f.rootGroup}/users/${orgAdmin.user.id}`);
      assert.equal(join.statusCode, 204);
    });
  });
}
