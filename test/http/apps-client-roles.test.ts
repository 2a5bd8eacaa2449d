import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { systemContext } from '../../src/events/event-bus.js';
import { createClientRoleService } from '../../src/management/apps/client-role-service.js';
import { createAppService } from '../../src/management/apps/service.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { createApp, deleteApp, serviceAppBody, type OktaErrorJson } from './apps.fixtures.js';
import { customPrincipal, eventsOfType, scopedPrincipal, type AssignmentJson } from './roles.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`client app admin roles (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const roles = (clientId: string) => `/oauth2/v1/clients/${clientId}/roles`;

    it('assigns a role to a client app (200, assignmentType CLIENT), lists, gets and unassigns it', async () => {
      const app = await createApp(t, serviceAppBody('Role holder'));
      const res = await t.request('POST', roles(app.id), { body: { type: 'HELP_DESK_ADMIN' } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json<AssignmentJson>();
      assert.match(body.id, /^ra1[0-9A-Za-z]{17}$/);
      const now = isoAt(t.clock.now());
      assert.deepEqual(
        { ...body, id: '' },
        {
          id: '',
          label: 'Help Desk Administrator',
          type: 'HELP_DESK_ADMIN',
          status: 'ACTIVE',
          created: now,
          lastUpdated: now,
          assignmentType: 'CLIENT',
          _links: { assignee: { href: `${t.config.orgUrl}/oauth2/v1/clients/${app.id}/roles` } },
        },
      );
      assert.deepEqual((await t.request('GET', roles(app.id))).json(), [body]);
      assert.deepEqual((await t.request('GET', `${roles(app.id)}/${body.id}`)).json(), body);
      assert.ok((await eventsOfType(t, 'app.oauth2.client.privilege.grant')).some((e) => e.target.some((target) => target.id === app.id)));
      // The role is stored as a CLIENT assignment, which the token side reads for the app's rights.
      assert.deepEqual(
        (await t.store.roles.listFor('CLIENT', app.id)).map((a) => a.roleType),
        ['HELP_DESK_ADMIN'],
      );

      assert.equal((await t.request('DELETE', `${roles(app.id)}/${body.id}`)).statusCode, 204);
      assert.deepEqual((await t.request('GET', roles(app.id))).json(), []);
      assert.ok((await eventsOfType(t, 'app.oauth2.client.privilege.revoke')).some((e) => e.target.some((target) => target.id === app.id)));
    });

    it('refuses a role already assigned (409 E0000090), an unknown type, and an unknown client', async () => {
      const app = await createApp(t, serviceAppBody('Twice'));
      assert.equal((await t.request('POST', roles(app.id), { body: { type: 'READ_ONLY_ADMIN' } })).statusCode, 200);
      const again = await t.request('POST', roles(app.id), { body: { type: 'READ_ONLY_ADMIN' } });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json<OktaErrorJson>().errorCode, 'E0000090');
      const unknown = await t.request('POST', roles(app.id), { body: { type: 'KING' } });
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json<OktaErrorJson>().errorCauses[0]?.errorSummary ?? '', /^type: 'KING' is not a supported role type/);
      const missing = await t.request('POST', roles('0oa00000000000000000'), { body: { type: 'READ_ONLY_ADMIN' } });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<OktaErrorJson>().errorCode, 'E0000007');
      assert.equal((await t.request('GET', `${roles(app.id)}/ra100000000000000000`)).statusCode, 404);
    });

    it('does not show or remove a user’s assignment through a client path', async () => {
      const app = await createApp(t, serviceAppBody('Not yours'));
      const user = await userWithRoles(t, 'ro@clients.example.com', []);
      const assigned = (await t.request('POST', `/api/v1/users/${user.user.id}/roles`, { body: { type: 'READ_ONLY_ADMIN' } })).json<AssignmentJson>();
      assert.equal((await t.request('GET', `${roles(app.id)}/${assigned.id}`)).statusCode, 404);
      assert.equal((await t.request('DELETE', `${roles(app.id)}/${assigned.id}`)).statusCode, 404);
    });

    it('applies the no-escalation rule: only roles whose permissions the caller holds, SUPER_ADMIN only by a SUPER_ADMIN', async () => {
      const app = await createApp(t, serviceAppBody('Escalation target'));
      const appsService = createAppService(t.app.services);
      const service = createClientRoleService(t.app.services, appsService);
      const roleManager = customPrincipal('00uroleManager000000', ['CUSTOM'], ['okta.roles.read', 'okta.roles.manage', 'okta.users.read', 'okta.groups.read']);
      await assert.rejects(service.assign(systemContext(), roleManager, app.id, { type: 'USER_ADMIN' }), (error: unknown) => {
        assert.ok(error instanceof DomainError);
        assert.equal(error.kind, 'forbidden');
        assert.match(error.causes[0]?.message ?? '', /USER_ADMIN carries okta\.users\.create/);
        return true;
      });
      const readOnly = await service.assign(systemContext(), roleManager, app.id, { type: 'GROUP_MEMBERSHIP_ADMIN' }).catch((e: unknown) => e);
      assert.ok(readOnly instanceof DomainError, 'GROUP_MEMBERSHIP_ADMIN carries okta.groups.members.manage, not held');
      // An org admin's token scoped to okta.roles.manage still cannot hand out SUPER_ADMIN.
      const scoped = scopedPrincipal('00uorgAdmin000000000', ['ORG_ADMIN'], ['okta.roles.manage']);
      await assert.rejects(service.assign(systemContext(), scoped, app.id, { type: 'SUPER_ADMIN' }), DomainError);
      assert.deepEqual(await t.store.roles.listFor('CLIENT', app.id), []);
      // Over HTTP, an ORG_ADMIN lacks okta.roles.manage altogether.
      const orgAdmin = await userWithRoles(t, 'org@clients.example.com', ['ORG_ADMIN']);
      const refused = await t.request('POST', roles(app.id), { token: orgAdmin.token, body: { type: 'READ_ONLY_ADMIN' } });
      assert.equal(refused.statusCode, 403);
      assert.equal((await t.request('GET', roles(app.id), { token: orgAdmin.token })).statusCode, 200, 'ORG_ADMIN reads roles');
    });

    it('removes the app’s roles with the app', async () => {
      const app = await createApp(t, serviceAppBody('Leaving'));
      assert.equal((await t.request('POST', roles(app.id), { body: { type: 'SUPER_ADMIN' } })).statusCode, 200);
      await deleteApp(t, app.id);
      assert.deepEqual(await t.store.roles.listFor('CLIENT', app.id), []);
      assert.equal((await t.request('GET', roles(app.id))).statusCode, 404);
    });
  });
}
