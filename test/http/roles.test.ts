import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE_PERMISSIONS } from '../../src/auth/permissions.js';
import { isoAt } from '../../src/clock.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { systemContext } from '../../src/events/event-bus.js';
import { createRoleService } from '../../src/management/roles/service.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { customPrincipal, eventsOfType, insertGroup, scopedPrincipal, type AssignmentJson } from './roles.fixtures.js';

const NEW_USER = (login: string) => ({ profile: { login, email: login, firstName: 'New', lastName: 'User' } });

for (const kind of await storeKinds()) {
  describe(`admin roles (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const assign = (path: string, type: unknown, token?: string) =>
      t.request('POST', `${path}/roles`, { body: { type }, ...(token === undefined ? {} : { token }) });

    it('assigns a role to a user: 201 with the Okta assignment object, assignee built from the org URL', async () => {
      const { user } = await userWithRoles(t, 'ua1@example.com', []);
      const res = await t.request('POST', `/api/v1/users/${user.id}/roles?disableNotifications=true`, {
        body: { type: 'USER_ADMIN' },
        headers: { host: 'evil.example' },
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.match(String(res.headers['content-type']), /application\/json/);
      const body = res.json<AssignmentJson>();
      assert.match(body.id, /^ra1[0-9A-Za-z]{17}$/);
      assert.deepEqual(
        { ...body, id: '' },
        {
          id: '',
          label: 'User Administrator',
          type: 'USER_ADMIN',
          status: 'ACTIVE',
          created: isoAt(t.clock.now()),
          lastUpdated: isoAt(t.clock.now()),
          assignmentType: 'USER',
          _links: { assignee: { href: `${t.config.orgUrl}/api/v1/users/${user.id}` } },
        },
      );
      const listed = await t.request('GET', `/api/v1/users/${user.id}/roles`);
      assert.equal(listed.statusCode, 200);
      assert.deepEqual(listed.json(), [body]);
      const got = await t.request('GET', `/api/v1/users/${user.id}/roles/${body.id}`);
      assert.deepEqual(got.json(), body);
    });

    it('addresses the user by login as well as by id', async () => {
      const { user } = await userWithRoles(t, 'ua2@example.com', []);
      const res = await assign('/api/v1/users/ua2@example.com', 'HELP_DESK_ADMIN');
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json<AssignmentJson>()._links.assignee.href, `${t.config.orgUrl}/api/v1/users/${user.id}`);
      const listed = await t.request('GET', `/api/v1/users/${user.id}/roles`);
      assert.deepEqual(
        listed.json<AssignmentJson[]>().map((a) => a.type),
        ['HELP_DESK_ADMIN'],
      );
    });

    it('refuses a role already assigned with 409 E0000090 and logs one grant only', async () => {
      const { user } = await userWithRoles(t, 'ua3@example.com', []);
      assert.equal((await assign(`/api/v1/users/${user.id}`, 'REPORT_ADMIN')).statusCode, 201);
      const again = await assign(`/api/v1/users/${user.id}`, 'REPORT_ADMIN');
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().errorCode, 'E0000090');
      const grants = (await eventsOfType(t, 'user.account.privilege.grant')).filter((e) => e.target.some((x) => x.id === user.id));
      assert.equal(grants.length, 1);
    });

    it('refuses an unknown type, CUSTOM and a missing type with 400 E0000001 naming the problem, writing nothing', async () => {
      const { user } = await userWithRoles(t, 'ua4@example.com', []);
      const path = `/api/v1/users/${user.id}`;
      const unknown = await assign(path, 'SUPER_DUPER_ADMIN');
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().errorCode, 'E0000001');
      assert.match(unknown.json().errorCauses[0].errorSummary, /^type: 'SUPER_DUPER_ADMIN' is not a supported role type; use one of SUPER_ADMIN, /);
      const custom = await t.request('POST', `${path}/roles`, { body: { type: 'CUSTOM', role: 'cr0abc', 'resource-set': 'iamabc' } });
      assert.equal(custom.statusCode, 400);
      assert.match(custom.json().errorCauses[0].errorSummary, /^type: Custom roles \(CUSTOM\) are not supported yet/);
      const missing = await t.request('POST', `${path}/roles`, { body: {} });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().errorSummary, /type/);
      const notString = await assign(path, 7);
      assert.equal(notString.statusCode, 400);
      assert.equal(notString.json().errorCode, 'E0000001');
      const bodyless = await t.request('POST', `${path}/roles`);
      assert.equal(bodyless.statusCode, 400);
      assert.equal(bodyless.json().errorCauses[0].errorSummary, 'type: The field cannot be left blank');
      assert.deepEqual((await t.request('GET', `${path}/roles`)).json(), []);
    });

    it('answers 404 E0000007 for an unknown user, group or assignment, and for another principal’s assignment', async () => {
      const { user } = await userWithRoles(t, 'ua5@example.com', ['READ_ONLY_ADMIN']);
      const [own] = await t.store.roles.listFor('USER', user.id);
      assert.ok(own);
      const group = await insertGroup(t, 'Nobody');
      for (const [method, url] of [
        ['GET', '/api/v1/users/00u00000000000000000/roles'],
        ['POST', '/api/v1/users/nobody@example.com/roles'],
        ['GET', '/api/v1/groups/00g00000000000000000/roles'],
        ['POST', '/api/v1/groups/not-a-group-id/roles'],
        ['GET', `/api/v1/users/${user.id}/roles/ra100000000000000000`],
        ['DELETE', `/api/v1/users/${user.id}/roles/ra100000000000000000`],
        // The id exists, but not for this assignee: object-level check.
        ['GET', `/api/v1/users/${t.admin.user.id}/roles/${own.id}`],
        ['DELETE', `/api/v1/users/${t.admin.user.id}/roles/${own.id}`],
        ['GET', `/api/v1/groups/${group.id}/roles/${own.id}`],
        ['DELETE', `/api/v1/groups/${group.id}/roles/${own.id}`],
      ] as const) {
        const res = await t.request(method, url, method === 'POST' ? { body: { type: 'USER_ADMIN' } } : {});
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
        assert.equal(res.json().errorCode, 'E0000007');
      }
      assert.equal((await t.store.roles.listFor('USER', user.id)).length, 1);
    });

    it('removes a role with 204; the grant and the revoke are logged with the request’s API token', async () => {
      const { user } = await userWithRoles(t, 'ua6@example.com', []);
      const created = (await assign(`/api/v1/users/${user.id}`, 'GROUP_MEMBERSHIP_ADMIN')).json<AssignmentJson>();
      const removed = await t.request('DELETE', `/api/v1/users/${user.id}/roles/${created.id}`);
      assert.equal(removed.statusCode, 204);
      assert.equal(removed.body, '');
      assert.equal((await t.request('GET', `/api/v1/users/${user.id}/roles/${created.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `/api/v1/users/${user.id}/roles/${created.id}`)).statusCode, 404);
      for (const type of ['user.account.privilege.grant', 'user.account.privilege.revoke']) {
        const [event, ...more] = (await eventsOfType(t, type)).filter((e) => e.target.some((x) => x.id === user.id));
        assert.equal(more.length, 0, type);
        assert.ok(event, type);
        assert.equal(event.actor.id, t.admin.user.id);
        assert.equal(event.transaction.detail['requestApiTokenId'], t.admin.tokenId);
        assert.deepEqual(
          event.target.map((x) => x.id),
          [user.id, 'GROUP_MEMBERSHIP_ADMIN'],
        );
      }
    });

    it('reads rights live: the next request after a removal is refused, the next after an assignment allowed', async () => {
      const me = await userWithRoles(t, 'live@example.com', []);
      const create = (login: string) => t.request('POST', '/api/v1/users?activate=false', { token: me.token, body: NEW_USER(login) });
      const refused = await create('live-1@example.com');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().errorCode, 'E0000006');
      const granted = (await assign(`/api/v1/users/${me.user.id}`, 'USER_ADMIN')).json<AssignmentJson>();
      assert.equal((await create('live-2@example.com')).statusCode, 200);
      assert.equal((await t.request('DELETE', `/api/v1/users/${me.user.id}/roles/${granted.id}`)).statusCode, 204);
      const again = await create('live-3@example.com');
      assert.equal(again.statusCode, 403);
      assert.equal(again.json().errorCode, 'E0000006');
      assert.equal((await assign(`/api/v1/users/${me.user.id}`, 'ORG_ADMIN')).statusCode, 201);
      assert.equal((await create('live-4@example.com')).statusCode, 200);
    });

    it('refuses callers without okta.roles.manage with 403 E0000006 and writes nothing; roles.read callers list', async () => {
      const org = await userWithRoles(t, 'org@example.com', ['ORG_ADMIN']);
      const userAdmin = await userWithRoles(t, 'useradmin@example.com', ['USER_ADMIN']);
      const target = await userWithRoles(t, 'target@example.com', ['REPORT_ADMIN']);
      const [held] = await t.store.roles.listFor('USER', target.user.id);
      assert.ok(held);
      const base = `/api/v1/users/${target.user.id}/roles`;
      assert.equal((await t.request('GET', base, { token: org.token })).statusCode, 200);
      for (const type of ['READ_ONLY_ADMIN', 'SUPER_ADMIN', 'ORG_ADMIN']) {
        const res = await assign(`/api/v1/users/${target.user.id}`, type, org.token);
        assert.equal(res.statusCode, 403, type);
        assert.equal(res.json().errorCode, 'E0000006');
      }
      // An admin cannot raise itself either.
      assert.equal((await assign(`/api/v1/users/${org.user.id}`, 'SUPER_ADMIN', org.token)).statusCode, 403);
      assert.equal((await t.request('DELETE', `${base}/${held.id}`, { token: org.token })).statusCode, 403);
      assert.equal((await t.request('GET', base, { token: userAdmin.token })).statusCode, 403);
      assert.deepEqual(
        (await t.store.roles.listFor('USER', target.user.id)).map((a) => a.roleType),
        ['REPORT_ADMIN'],
      );
      assert.deepEqual(
        (await t.store.roles.listFor('USER', org.user.id)).map((a) => a.roleType),
        ['ORG_ADMIN'],
      );
      const denied = (await eventsOfType(t, 'core.api.access.denied')).filter((e) => e.actor.id === org.user.id);
      assert.ok(denied.length >= 5);
    });

    it('assigns roles to groups; members inherit them, and lose them with the membership or the assignment', async () => {
      const group = await insertGroup(t, 'Helpdesk Leads');
      const member = await userWithRoles(t, 'member@example.com', []);
      const create = (login: string) => t.request('POST', '/api/v1/users?activate=false', { token: member.token, body: NEW_USER(login) });
      const res = await assign(`/api/v1/groups/${group.id}`, 'USER_ADMIN');
      // 200 for groups: the Okta Node SDK 8.x returns the assignment only on a 200.
      assert.equal(res.statusCode, 200, res.body);
      const assignment = res.json<AssignmentJson>();
      assert.equal(assignment.assignmentType, 'GROUP');
      assert.equal(assignment.label, 'User Administrator');
      assert.equal(assignment._links.assignee.href, `${t.config.orgUrl}/api/v1/groups/${group.id}`);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}/roles`)).json(), [assignment]);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}/roles/${assignment.id}`)).json(), assignment);
      assert.equal((await assign(`/api/v1/groups/${group.id}`, 'USER_ADMIN')).json().errorCode, 'E0000090');
      assert.equal((await create('m-0@example.com')).statusCode, 403);

      await t.store.groups.addMember(group.id, member.user.id, isoAt(t.clock.now()));
      assert.equal((await create('m-1@example.com')).statusCode, 200);
      // The member's list shows the inherited role; it is removed through the group, not the user.
      const listed = (await t.request('GET', `/api/v1/users/${member.user.id}/roles`)).json<AssignmentJson[]>();
      assert.deepEqual(listed, [assignment]);
      assert.deepEqual((await t.request('GET', `/api/v1/users/${member.user.id}/roles/${assignment.id}`)).json(), assignment);
      const viaUser = await t.request('DELETE', `/api/v1/users/${member.user.id}/roles/${assignment.id}`);
      assert.equal(viaUser.statusCode, 400);
      assert.match(viaUser.json().errorCauses[0].errorSummary, new RegExp(`through group ${group.id}`));

      await t.store.groups.removeMember(group.id, member.user.id);
      assert.equal((await create('m-2@example.com')).statusCode, 403);
      await t.store.groups.addMember(group.id, member.user.id, isoAt(t.clock.now()));
      assert.equal((await create('m-3@example.com')).statusCode, 200);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${group.id}/roles/${assignment.id}`)).statusCode, 204);
      assert.equal((await create('m-4@example.com')).statusCode, 403);
      assert.deepEqual((await t.request('GET', `/api/v1/groups/${group.id}/roles`)).json(), []);
      const logged = [...(await eventsOfType(t, 'group.privilege.grant')), ...(await eventsOfType(t, 'group.privilege.revoke'))];
      assert.deepEqual(
        logged.map((e) => e.target[0]?.id),
        [group.id, group.id],
      );
    });

    it('no escalation: roles bound what is granted, scopes only gate the endpoint; a narrower principal assigns only roles within its roles', async () => {
      const roles = createRoleService(t.app.services);
      const { user } = await userWithRoles(t, 'escalation@example.com', []);
      const assignee = await roles.user(user.id, undefined);
      const refused = async (principal: Parameters<typeof roles.assign>[1], type: string, why: RegExp) => {
        await assert.rejects(roles.assign(systemContext(), principal, assignee, { type }), (error: unknown) => {
          assert.ok(error instanceof DomainError);
          assert.equal(error.kind, 'forbidden');
          assert.match(error.causes[0]?.message ?? '', why);
          return true;
        });
      };
      // A SUPER_ADMIN whose token carries okta.roles.manage may assign any role (Okta's
      // service-app guide; the SDK's user-assign-role test in PrivateKey mode does exactly this).
      const rolesOnly = scopedPrincipal(t.admin.user.id, ['SUPER_ADMIN'], ['okta.roles.manage']);
      const granted = await roles.assign(systemContext(), rolesOnly, assignee, { type: 'USER_ADMIN' });
      // A USER_ADMIN's token with every scope still holds only a USER_ADMIN's roles.
      const scopedLower = scopedPrincipal(t.admin.user.id, ['USER_ADMIN'], ['okta.roles.manage', 'okta.users.manage', 'okta.apps.manage']);
      await refused(
        scopedLower,
        'APP_ADMIN',
        /APP_ADMIN carries okta\.apps\.read, okta\.apps\.manage, okta\.appGrants\.read, which your admin roles do not hold/,
      );
      await refused(scopedLower, 'SUPER_ADMIN', /^Only a super administrator can assign or remove SUPER_ADMIN$/);
      // A principal with everything an ORG_ADMIN has plus okta.roles.manage (what a custom role could give).
      const custom = customPrincipal(t.admin.user.id, ['ORG_ADMIN'], [...ROLE_PERMISSIONS.ORG_ADMIN, 'okta.roles.manage']);
      await refused(custom, 'SUPER_ADMIN', /^Only a super administrator can assign or remove SUPER_ADMIN$/);
      await refused(custom, 'API_ACCESS_MANAGEMENT_ADMIN', /okta\.authzServers\.read, okta\.authzServers\.manage/);
      const readOnly = await roles.assign(systemContext(), custom, assignee, { type: 'READ_ONLY_ADMIN' });
      await assert.rejects(
        roles.unassign(systemContext(), scopedLower, assignee, readOnly.id),
        (e: unknown) => e instanceof DomainError && e.kind === 'forbidden',
      );
      await roles.unassign(systemContext(), custom, assignee, readOnly.id);
      assert.deepEqual(
        (await t.store.roles.listFor('USER', user.id)).map((a) => a.roleType),
        ['USER_ADMIN'],
      );
      await roles.unassign(systemContext(), rolesOnly, assignee, granted.id);
      assert.deepEqual(await t.store.roles.listFor('USER', user.id), []);
    });
  });
}
