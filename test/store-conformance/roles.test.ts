/**
 * RoleRepository: assignments to users, groups and clients with their unique key, the reads
 * that fold in a user's groups, the active-holder count, and the super-admin lock: of many
 * transactions each removing one of the last super administrators, some must stay.
 */
import assert from 'node:assert/strict';
import { byId, pagesOf, RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newApp, newGroup, newRole, newUser } from './records.js';

await runConformance('roles', {
  'insert, then get under its principal; under another principal or missing it is undefined': async (store) => {
    const user = newUser();
    const role = newRole('USER', user.id, 'USER_ADMIN');
    await store.roles.insert(role);
    assert.deepEqual(await store.roles.get('USER', user.id, role.id), role);
    assert.equal(await store.roles.get('GROUP', user.id, role.id), undefined);
    assert.equal(await store.roles.get('USER', newUser().id, role.id), undefined);
    assert.equal(await store.roles.get('USER', user.id, newRole('USER', user.id, 'X').id), undefined);
  },

  'a role type held twice by one principal is refused with UniqueViolation(role); another principal may hold it': async (store) => {
    const user = newUser();
    await store.roles.insert(newRole('USER', user.id, 'USER_ADMIN'));
    await rejectsAsTaken(store.roles.insert(newRole('USER', user.id, 'USER_ADMIN')), 'role');
    await store.roles.insert(newRole('GROUP', user.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('USER', newUser().id, 'USER_ADMIN'));
    assert.equal((await store.roles.listFor('USER', user.id)).length, 1);
  },

  'delete is true once, then false': async (store) => {
    const role = newRole('CLIENT', newApp().id, 'APP_ADMIN');
    await store.roles.insert(role);
    assert.equal(await store.roles.delete(role.id), true);
    assert.equal(await store.roles.delete(role.id), false);
    assert.deepEqual(await store.roles.listFor('CLIENT', role.principalId), []);
  },

  "listFor lists one principal's assignments, oldest first": async (store) => {
    const user = newUser();
    const late = newRole('USER', user.id, 'ORG_ADMIN', { created: at(9) });
    const early = newRole('USER', user.id, 'USER_ADMIN', { created: at(1) });
    const middle = newRole('USER', user.id, 'APP_ADMIN', { created: at(5) });
    for (const role of [late, early, middle]) await store.roles.insert(role);
    await store.roles.insert(newRole('USER', newUser().id, 'ORG_ADMIN'));
    assert.deepEqual(await store.roles.listFor('USER', user.id), [early, middle, late]);
  },

  "listOfUser and roleTypesOfUser fold in the roles of the user's groups": async (store) => {
    const user = newUser();
    const group = newGroup();
    const otherGroup = newGroup();
    await store.users.insert(user);
    await store.groups.insert(group);
    await store.groups.insert(otherGroup);
    await store.groups.addMember(group.id, user.id, at(0));
    const direct = newRole('USER', user.id, 'USER_ADMIN', { created: at(2) });
    const viaGroup = newRole('GROUP', group.id, 'READ_ONLY_ADMIN', { created: at(1) });
    const sameTypeViaGroup = newRole('GROUP', group.id, 'USER_ADMIN', { created: at(3) });
    for (const role of [direct, viaGroup, sameTypeViaGroup]) await store.roles.insert(role);
    await store.roles.insert(newRole('GROUP', otherGroup.id, 'SUPER_ADMIN'));
    assert.deepEqual(await store.roles.listOfUser(user.id), [viaGroup, direct, sameTypeViaGroup]);
    assert.deepEqual((await store.roles.roleTypesOfUser(user.id)).sort(), ['READ_ONLY_ADMIN', 'USER_ADMIN'], 'each role type once');
    assert.deepEqual(await store.roles.roleTypesOfUser(newUser().id), []);
  },

  'countActiveUsersWithRole counts active holders, direct or through a group, each once': async (store) => {
    const [direct, viaGroup, both, suspended] = [newUser(), newUser(), newUser(), newUser({ status: 'SUSPENDED' })];
    const group = newGroup();
    await store.groups.insert(group);
    for (const user of [direct, viaGroup, both, suspended]) await store.users.insert(user);
    await store.groups.addMember(group.id, viaGroup.id, at(0));
    await store.groups.addMember(group.id, both.id, at(0));
    await store.groups.addMember(group.id, suspended.id, at(0));
    await store.roles.insert(newRole('GROUP', group.id, 'SUPER_ADMIN'));
    await store.roles.insert(newRole('USER', direct.id, 'SUPER_ADMIN'));
    await store.roles.insert(newRole('USER', both.id, 'SUPER_ADMIN'));
    await store.roles.insert(newRole('USER', suspended.id, 'SUPER_ADMIN'));
    assert.equal(await store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 3);
    assert.equal(await store.roles.countActiveUsersWithRole('ORG_ADMIN'), 0);
  },

  'listUserIdsWithRoles pages through the users holding a role, directly or through a group, each once, in id order': async (store) => {
    const [direct, viaGroup, both, twoRoles, plain, inRolelessGroup] = [newUser(), newUser(), newUser(), newUser(), newUser(), newUser()];
    const deactivated = newUser({ status: 'DEPROVISIONED' });
    for (const user of [direct, viaGroup, both, twoRoles, deactivated, plain, inRolelessGroup]) await store.users.insert(user);
    const [adminGroup, rolelessGroup] = [newGroup(), newGroup()];
    await store.groups.insert(adminGroup);
    await store.groups.insert(rolelessGroup);
    for (const member of [viaGroup, both]) await store.groups.addMember(adminGroup.id, member.id, at(0));
    await store.groups.addMember(rolelessGroup.id, inRolelessGroup.id, at(0));
    await store.roles.insert(newRole('GROUP', adminGroup.id, 'HELP_DESK_ADMIN'));
    await store.roles.insert(newRole('USER', direct.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('USER', both.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('USER', twoRoles.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('USER', twoRoles.id, 'APP_ADMIN'));
    await store.roles.insert(newRole('USER', deactivated.id, 'READ_ONLY_ADMIN'));
    // Roles of another kind of principal, and of a user that does not exist, name no user here.
    await store.roles.insert(newRole('CLIENT', newApp().id, 'SUPER_ADMIN'));
    await store.roles.insert(newRole('USER', newUser().id, 'SUPER_ADMIN'));
    const holders = byId([direct, viaGroup, both, twoRoles, deactivated]).map((u) => u.id);
    assert.deepEqual(await store.roles.listUserIdsWithRoles({ limit: 100 }), holders);
    const pages = await pagesOf(
      2,
      (after) => store.roles.listUserIdsWithRoles({ after, limit: 2 }),
      (id) => id,
    );
    assert.deepEqual(pages.flat(), holders);
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.deepEqual(await store.roles.listUserIdsWithRoles({ after: holders.at(-1), limit: 2 }), []);
  },

  "deleteAllFor removes one principal's assignments only": async (store) => {
    const [ada, bob] = [newUser(), newUser()];
    await store.roles.insert(newRole('USER', ada.id, 'USER_ADMIN'));
    await store.roles.insert(newRole('USER', ada.id, 'APP_ADMIN'));
    const kept = newRole('USER', bob.id, 'USER_ADMIN');
    await store.roles.insert(kept);
    await store.roles.deleteAllFor('USER', ada.id);
    assert.deepEqual(await store.roles.listFor('USER', ada.id), []);
    assert.deepEqual(await store.roles.listFor('USER', bob.id), [kept]);
  },

  [`lockSuperAdmins: ${RACERS} transactions each removing a super admin while another remains leave at least one`]: async (store) => {
    const admins = Array.from({ length: RACERS }, () => newUser());
    const roles = admins.map((admin) => newRole('USER', admin.id, 'SUPER_ADMIN'));
    for (const admin of admins) await store.users.insert(admin);
    for (const role of roles) await store.roles.insert(role);
    // The check-then-delete that management/roles/last-super-admin.ts guards: under READ
    // COMMITTED without the lock, every transaction could count the others and delete.
    const removed = await together(RACERS, (i) =>
      store.transaction(async (tx) => {
        await tx.roles.lockSuperAdmins();
        if ((await tx.roles.countActiveUsersWithRole('SUPER_ADMIN')) <= 1) return false;
        const role = roles[i];
        return role !== undefined && (await tx.roles.delete(role.id));
      }),
    );
    assert.equal(winners(removed), RACERS - 1);
    assert.equal(await store.roles.countActiveUsersWithRole('SUPER_ADMIN'), 1);
  },
});
