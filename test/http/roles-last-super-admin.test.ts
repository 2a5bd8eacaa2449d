import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { isoAt } from '../../src/clock.js';
import { PERMISSIONS } from '../../src/auth/permissions.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { systemContext } from '../../src/events/event-bus.js';
import { createRoleService } from '../../src/management/roles/service.js';
import { keepingASuperAdmin } from '../../src/management/roles/last-super-admin.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { customPrincipal, eventsOfType, insertGroup, type AssignmentJson } from './roles.fixtures.js';

for (const kind of await storeKinds()) {
  describe(`last super administrator (${kind})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(kind);
    });
    afterEach(() => t.close());

    async function superAdminAssignmentOf(userId: string): Promise<string> {
      const found = (await t.store.roles.listFor('USER', userId)).find((a) => a.roleType === 'SUPER_ADMIN');
      assert.ok(found, `${userId} holds SUPER_ADMIN directly`);
      return found.id;
    }
    const createUser = (token: string, login: string) =>
      t.request('POST', '/api/v1/users?activate=false', { token, body: { profile: { login, email: login, firstName: 'A', lastName: 'B' } } });

    it('refuses to remove the only SUPER_ADMIN with 400 E0000001 and a clear reason, writing nothing', async () => {
      const id = await superAdminAssignmentOf(t.admin.user.id);
      const res = await t.request('DELETE', `/api/v1/users/${t.admin.user.id}/roles/${id}`);
      assert.equal(res.statusCode, 400);
      const body = res.json();
      assert.equal(body.errorCode, 'E0000001');
      assert.equal(
        body.errorSummary,
        'Api validation failed: Cannot remove the SUPER_ADMIN role of admin@example.com: it would leave the org without an active super administrator',
      );
      assert.deepEqual(body.errorCauses, [{ errorSummary: 'Assign SUPER_ADMIN to another active user first' }]);
      assert.equal(await superAdminAssignmentOf(t.admin.user.id), id);
      assert.deepEqual(await eventsOfType(t, 'user.account.privilege.revoke'), []);
      assert.equal((await createUser(t.admin.token, 'still@example.com')).statusCode, 200);
    });

    it('lets a SUPER_ADMIN go once another active one exists; a suspended one does not count', async () => {
      const other = await userWithRoles(t, 'second@example.com', ['SUPER_ADMIN']);
      await t.store.users.update(other.user.id, (u) => ({ ...u, status: 'SUSPENDED' }));
      const adminRole = await superAdminAssignmentOf(t.admin.user.id);
      assert.equal((await t.request('DELETE', `/api/v1/users/${t.admin.user.id}/roles/${adminRole}`)).statusCode, 400);

      await t.store.users.update(other.user.id, (u) => ({ ...u, status: 'ACTIVE' }));
      assert.equal((await t.request('DELETE', `/api/v1/users/${t.admin.user.id}/roles/${adminRole}`)).statusCode, 204);
      // Read live: the former super administrator's very next request is refused.
      const refused = await createUser(t.admin.token, 'after@example.com');
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().errorCode, 'E0000006');
      // And the one left cannot demote itself.
      const otherRole = await superAdminAssignmentOf(other.user.id);
      const self = await t.request('DELETE', `/api/v1/users/${other.user.id}/roles/${otherRole}`, { token: other.token });
      assert.equal(self.statusCode, 400);
      assert.equal((await createUser(other.token, 'kept@example.com')).statusCode, 200);
    });

    it('counts SUPER_ADMIN given through a group: the assignment and the membership that give the last one are kept', async () => {
      const group = await insertGroup(t, 'Super Admins');
      const granted = await t.request('POST', `/api/v1/groups/${group.id}/roles`, { body: { type: 'SUPER_ADMIN' } });
      assert.equal(granted.statusCode, 200, granted.body);
      const groupRole = granted.json<AssignmentJson>().id;
      const member = await userWithRoles(t, 'member@example.com', []);
      await t.store.groups.addMember(group.id, member.user.id, isoAt(t.clock.now()));
      // The bootstrap admin may go: the member is a super administrator through the group.
      const adminRole = await superAdminAssignmentOf(t.admin.user.id);
      assert.equal((await t.request('DELETE', `/api/v1/users/${t.admin.user.id}/roles/${adminRole}`)).statusCode, 204);

      const viaGroup = await t.request('DELETE', `/api/v1/groups/${group.id}/roles/${groupRole}`, { token: member.token });
      assert.equal(viaGroup.statusCode, 400);
      assert.match(
        viaGroup.json().errorSummary,
        /Cannot remove the SUPER_ADMIN role of group Super Admins: it would leave the org without an active super administrator/,
      );
      // The membership that gives it is guarded the same way (the groups API calls this guard).
      const removal = t.store.transaction((tx) =>
        keepingASuperAdmin(tx, 'remove member@example.com from Super Admins', () => tx.groups.removeMember(group.id, member.user.id)),
      );
      await assert.rejects(removal, (error: unknown) => error instanceof DomainError && error.code === 'role.last_super_admin');
      assert.equal((await createUser(member.token, 'member-still@example.com')).statusCode, 200);

      // Holding it twice, the member may lose one of the two.
      assert.equal((await t.request('POST', `/api/v1/users/${member.user.id}/roles`, { token: member.token, body: { type: 'SUPER_ADMIN' } })).statusCode, 201);
      assert.equal((await t.request('DELETE', `/api/v1/groups/${group.id}/roles/${groupRole}`, { token: member.token })).statusCode, 204);
      assert.equal(await t.store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 1);
    });

    it('two concurrent removals of the last two SUPER_ADMINs: exactly one succeeds', async () => {
      const other = await userWithRoles(t, 'second@example.com', ['SUPER_ADMIN']);
      for (let round = 0; round < 3; round += 1) {
        const adminRole = await superAdminAssignmentOf(t.admin.user.id);
        const otherRole = await superAdminAssignmentOf(other.user.id);
        // Each removes the other: each sees two super administrators before its own change.
        const [byAdmin, byOther] = await Promise.all([
          t.request('DELETE', `/api/v1/users/${other.user.id}/roles/${otherRole}`),
          t.request('DELETE', `/api/v1/users/${t.admin.user.id}/roles/${adminRole}`, { token: other.token }),
        ]);
        // The loser is refused by the guard (400), or, when it came second, already lacks the role (403).
        const codes = [byAdmin?.statusCode, byOther?.statusCode];
        assert.equal(codes.filter((c) => c === 204).length, 1, String(codes));
        assert.ok(
          codes.every((c) => c === 204 || c === 400 || c === 403),
          String(codes),
        );
        assert.equal(await t.store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 1);
        // Put the removed one back for the next round.
        const [survivor, removed] = byAdmin?.statusCode === 204 ? [t.admin, other] : [other, t.admin];
        const back = await t.request('POST', `/api/v1/users/${removed.user.id}/roles`, { token: survivor.token, body: { type: 'SUPER_ADMIN' } });
        assert.equal(back.statusCode, 201);
      }
    });

    it('two removals racing past the rights check: the lock lets exactly one through, every time', async () => {
      const other = await userWithRoles(t, 'second@example.com', ['SUPER_ADMIN']);
      const roles = createRoleService(t.app.services);
      // Both principals hold SUPER_ADMIN, as two requests authenticated at the same moment would.
      const asAdmin = customPrincipal(t.admin.user.id, ['SUPER_ADMIN'], PERMISSIONS);
      const asOther = customPrincipal(other.user.id, ['SUPER_ADMIN'], PERMISSIONS);
      const otherAssignee = await roles.user(other.user.id, undefined);
      const adminAssignee = await roles.user(t.admin.user.id, undefined);
      for (let round = 0; round < 5; round += 1) {
        const otherRole = await superAdminAssignmentOf(other.user.id);
        const adminRole = await superAdminAssignmentOf(t.admin.user.id);
        const results = await Promise.allSettled([
          roles.unassign(systemContext(), asAdmin, otherAssignee, otherRole),
          roles.unassign(systemContext(), asOther, adminAssignee, adminRole),
        ]);
        const rejected = results.filter((r) => r.status === 'rejected');
        assert.equal(rejected.length, 1, `round ${round}`);
        const [refused] = rejected;
        assert.ok(refused?.status === 'rejected' && refused.reason instanceof DomainError && refused.reason.code === 'role.last_super_admin');
        assert.equal(await t.store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 1);
        const removed = results[0]?.status === 'fulfilled' ? otherAssignee : adminAssignee;
        await roles.assign(systemContext(), results[0]?.status === 'fulfilled' ? asAdmin : asOther, removed, { type: 'SUPER_ADMIN' });
      }
    });
  });
}
