/**
 * Compatibility: `@okta/okta-sdk-nodejs` 8.x manages groups, memberships and admin role
 * assignments on Tessera over real HTTP in SSWS mode (issue #2, "Compatibility"). Expectations
 * follow Okta's documented behaviour; a failure is a wire deviation of ours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client, Group, User } from '@okta/okta-sdk-nodejs';
import { storeKinds } from '../helpers/databases.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { collect, expectOktaError, sdkClient, type SdkClient } from './sdk-harness.js';

async function createUser(client: Client, login: string): Promise<User> {
  return client.userApi.createUser({
    body: { profile: { firstName: 'Member', lastName: 'Compat', email: login, login }, credentials: { password: { value: 'Sup3r-Secret!' } } },
    activate: true,
  });
}

/** A STAGED member without a password (no hashing), enough for membership tests. */
async function createMember(client: Client, login: string): Promise<User> {
  return client.userApi.createUser({ body: { profile: { firstName: 'Member', lastName: 'Compat', email: login, login } }, activate: false });
}

async function createGroup(client: Client, name: string, description = `${name} people`): Promise<Group> {
  return client.groupApi.createGroup({ group: { profile: { name, description } } });
}

function idOf(item: { id?: string | undefined }): string {
  assert.ok(item.id !== undefined, 'the SDK object has an id');
  return item.id;
}

for (const kind of await storeKinds()) {
  describe(`okta-sdk-nodejs groups and memberships (${kind})`, () => {
    let t: TestApp;
    let sdk: SdkClient;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      sdk = sdkClient(t.baseUrl, t.admin.token);
      client = sdk.client;
    });
    after(() => t.close());

    it('creates, reads, replaces and deletes an OKTA_GROUP', async () => {
      const group = await createGroup(client, 'Engineering', 'Builders');
      const groupId = idOf(group);
      assert.match(groupId, /^00g[0-9A-Za-z]{17}$/);
      assert.equal(group.type, 'OKTA_GROUP');
      assert.equal(group.profile?.name, 'Engineering');
      assert.equal(group.profile?.description, 'Builders');
      assert.ok(group.created instanceof Date && group.lastMembershipUpdated instanceof Date);
      // Okta's Group `_links` are logo, users and apps (no self), absolute.
      assert.equal(group._links?.users?.href, `${t.baseUrl}/api/v1/groups/${groupId}/users`);
      assert.equal(group._links?.apps?.href, `${t.baseUrl}/api/v1/groups/${groupId}/apps`);
      assert.equal((await client.groupApi.getGroup({ groupId })).profile?.name, 'Engineering');
      const replaced = await client.groupApi.replaceGroup({ groupId, group: { profile: { name: 'Engineering 2', description: 'Still builders' } } });
      assert.equal(replaced.profile?.name, 'Engineering 2');
      assert.equal((await client.groupApi.getGroup({ groupId })).profile?.description, 'Still builders');
      await client.groupApi.deleteGroup({ groupId });
      await expectOktaError(client.groupApi.getGroup({ groupId }), 404, 'E0000007');
    });

    it('lists groups with q, with filter, and across several pages', async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push(idOf(await createGroup(client, `Paged ${i}`)));
      const byQ = await collect(await client.groupApi.listGroups({ q: 'Paged' }));
      assert.deepEqual(byQ.map(idOf).sort(), [...made].sort());
      const byFilter = await collect(await client.groupApi.listGroups({ filter: `id eq "${made[2] ?? ''}"` }));
      assert.deepEqual(byFilter.map(idOf), [made[2]]);
      const expected = (await t.request('GET', '/api/v1/groups?limit=200')).json<{ id: string }[]>().map((g) => g.id);
      const before = sdk.sent.length;
      const all = await collect(await client.groupApi.listGroups({ limit: 2 }));
      const ids = all.map(idOf);
      assert.equal(new Set(ids).size, ids.length, 'each group once');
      assert.deepEqual([...ids].sort(), [...expected].sort());
      assert.ok(sdk.sent.length - before >= 3, 'several pages were followed');
      const typed = await collect(await client.groupApi.listGroups({ filter: 'type eq "OKTA_GROUP"', limit: 2 }));
      assert.ok(made.every((id) => typed.some((g) => g.id === id)));
    });

    it('adds and removes members, lists them and lists a user’s groups', async () => {
      const groupId = idOf(await createGroup(client, 'Members'));
      const other = idOf(await createGroup(client, 'Others'));
      const members: string[] = [];
      for (let i = 0; i < 3; i++) members.push(idOf(await createMember(client, `member${i}@example.com`)));
      for (const userId of members) await client.groupApi.assignUserToGroup({ groupId, userId });
      await client.groupApi.assignUserToGroup({ groupId: other, userId: members[0] ?? '' });
      // Adding twice is harmless in Okta.
      await client.groupApi.assignUserToGroup({ groupId, userId: members[0] ?? '' });

      const listed = await collect(await client.groupApi.listGroupUsers({ groupId, limit: 2 }));
      assert.deepEqual(listed.map(idOf).sort(), [...members].sort());
      assert.ok(listed.every((u) => u.profile?.login?.startsWith('member')));

      const groupsOfFirst = await collect(await client.userApi.listUserGroups({ userId: members[0] ?? '' }));
      assert.deepEqual(groupsOfFirst.map(idOf).sort(), [groupId, other].sort());

      await client.groupApi.unassignUserFromGroup({ groupId, userId: members[0] ?? '' });
      const after = await collect(await client.groupApi.listGroupUsers({ groupId }));
      assert.deepEqual(after.map(idOf).sort(), members.slice(1).sort());
      assert.deepEqual((await collect(await client.userApi.listUserGroups({ userId: members[0] ?? '' }))).map(idOf), [other]);

      await expectOktaError(client.groupApi.assignUserToGroup({ groupId, userId: '00u0000000000000000x' }), 404, 'E0000007');
      await expectOktaError(client.groupApi.listGroupUsers({ groupId: '00g0000000000000000x' }).then(collect), 404, 'E0000007');
    });
  });

  describe(`okta-sdk-nodejs admin roles (${kind})`, () => {
    let t: TestApp;
    let client: Client;
    before(async () => {
      t = await startTestApp(kind, { listen: true });
      client = sdkClient(t.baseUrl, t.admin.token).client;
    });
    after(() => t.close());

    it('assigns, lists and unassigns a role of a user, whose token gains and loses the rights', async () => {
      const user = await createUser(client, 'helper@example.com');
      const userId = idOf(user);
      const role = await client.roleAssignmentApi.assignRoleToUser({ userId, assignRoleRequest: { type: 'USER_ADMIN' } });
      assert.equal(role.type, 'USER_ADMIN');
      assert.ok(role.id !== undefined && role.id !== '', 'the assignment has an id');
      assert.equal(role.status, 'ACTIVE');
      assert.equal(role.assignmentType, 'USER');
      assert.ok(role.label !== undefined && role.label !== '');
      assert.ok(role.created instanceof Date);

      const listed = await collect(await client.roleAssignmentApi.listAssignedRolesForUser({ userId }));
      assert.deepEqual(
        listed.map((r) => [r.id, r.type]),
        [[role.id, 'USER_ADMIN']],
      );

      const own = sdkClient(t.baseUrl, (await insertApiToken(t, userId, { name: 'helper token' })).token).client;
      assert.equal(idOf(await createUser(own, 'made-by-helper@example.com')).length, 20);

      await client.roleAssignmentApi.unassignRoleFromUser({ userId, roleId: idOf(role) });
      assert.deepEqual(await collect(await client.roleAssignmentApi.listAssignedRolesForUser({ userId })), []);
      // Rights are read live: the very next request is refused.
      await expectOktaError(createUser(own, 'refused@example.com'), 403, 'E0000006');
      await expectOktaError(client.roleAssignmentApi.unassignRoleFromUser({ userId, roleId: idOf(role) }), 404, 'E0000007');
    });

    it('lists the SUPER_ADMIN role of the bootstrap admin', async () => {
      const roles = await collect(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: t.admin.user.id }));
      assert.ok(roles.some((r) => r.type === 'SUPER_ADMIN'));
    });

    it('assigns a role to a group, which its members inherit', async () => {
      const groupId = idOf(await createGroup(client, 'Help desk'));
      const member = idOf(await createUser(client, 'desk@example.com'));
      await client.groupApi.assignUserToGroup({ groupId, userId: member });
      const assigned = await client.roleAssignmentApi.assignRoleToGroup({ groupId, assignRoleRequest: { type: 'READ_ONLY_ADMIN' } });
      // We answer 200 with the assignment (Okta documents 200 or 201; on a 201 this SDK returns nothing).
      assert.ok(assigned !== undefined, 'the SDK returns the assignment');
      assert.equal(assigned.type, 'READ_ONLY_ADMIN');
      assert.equal(assigned.assignmentType, 'GROUP');
      const groupRoles = await collect(await client.roleAssignmentApi.listGroupAssignedRoles({ groupId }));
      assert.deepEqual(
        groupRoles.map((r) => r.type),
        ['READ_ONLY_ADMIN'],
      );
      const inherited = await collect(await client.roleAssignmentApi.listAssignedRolesForUser({ userId: member }));
      assert.ok(
        inherited.some((r) => r.type === 'READ_ONLY_ADMIN' && r.assignmentType === 'GROUP'),
        'the member lists the inherited role',
      );
      const own = sdkClient(t.baseUrl, (await insertApiToken(t, member, { name: 'desk token' })).token).client;
      assert.equal((await own.userApi.getUser({ userId: t.admin.user.id })).id, t.admin.user.id);
      await expectOktaError(createUser(own, 'not-by-reader@example.com'), 403, 'E0000006');
    });
  });
}
