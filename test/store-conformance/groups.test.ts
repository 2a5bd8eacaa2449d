/**
 * GroupRepository: CRUD with the name as a unique key whatever its case, paging, `q` and
 * `filter`, memberships (adding twice, removing what is not there, the membership time, both
 * directions paged), `statsOf`, and `update` under concurrency.
 */
import assert from 'node:assert/strict';
import type { GroupRecord } from '../../src/store/records.js';
import { byId, eq, pagesOf, RACERS, rejectsAsTaken, runConformance, together, winners } from './conformance.js';
import { at, newGroup, newRole, newUser } from './records.js';

const increment = (group: GroupRecord): GroupRecord => ({ ...group, profile: { ...group.profile, counter: Number(group.profile['counter'] ?? 0) + 1 } });

await runConformance('groups', {
  'insert, then get returns the record as written; a missing group is undefined': async (store) => {
    const group = newGroup({ profile: { name: 'Engineering', description: 'Builds things', floor: 3 } });
    await store.groups.insert(group);
    assert.deepEqual(await store.groups.get(group.id), group);
    assert.equal(await store.groups.get(newGroup().id), undefined);
  },

  'a second group with a taken name (any case) is refused with UniqueViolation(group.name)': async (store) => {
    await store.groups.insert(newGroup({ profile: { name: 'Engineering' } }));
    const second = newGroup({ profile: { name: 'ENGINEERING' } });
    await rejectsAsTaken(store.groups.insert(second), 'group.name');
    assert.equal(await store.groups.get(second.id), undefined);
  },

  'update stores and returns the change; a taken name is refused and changes nothing; a missing group is undefined': async (store) => {
    const ops = newGroup({ profile: { name: 'Ops' } });
    const eng = newGroup({ profile: { name: 'Engineering' } });
    await store.groups.insert(ops);
    await store.groups.insert(eng);
    const renamed = await store.groups.update(ops.id, (g) => ({ ...g, profile: { name: 'Operations', description: 'Runs things' }, lastUpdated: at(5) }));
    assert.deepEqual(renamed, { ...ops, profile: { name: 'Operations', description: 'Runs things' }, lastUpdated: at(5) });
    assert.deepEqual(await store.groups.get(ops.id), renamed);
    await rejectsAsTaken(
      store.groups.update(ops.id, (g) => ({ ...g, profile: { name: 'engineering' } })),
      'group.name',
    );
    assert.deepEqual(await store.groups.get(ops.id), renamed);
    assert.equal(await store.groups.update(newGroup().id, (g) => g), undefined);
  },

  'delete removes the group and its memberships once: true, then false': async (store) => {
    const group = newGroup();
    const user = newUser();
    await store.groups.insert(group);
    await store.users.insert(user);
    await store.groups.addMember(group.id, user.id, at(1));
    assert.equal(await store.groups.delete(group.id), true);
    assert.equal(await store.groups.get(group.id), undefined);
    assert.deepEqual(await store.groups.listGroupsOfUser(user.id, { limit: 10 }), []);
    assert.equal(await store.groups.delete(group.id), false);
  },

  'list pages in id order with an exclusive cursor, each group once': async (store) => {
    const groups = Array.from({ length: 5 }, () => newGroup());
    for (const group of groups) await store.groups.insert(group);
    const pages = await pagesOf(
      2,
      (after) => store.groups.list({ after, limit: 2 }),
      (g) => g.id,
    );
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.deepEqual(pages.flat(), byId(groups));
  },

  'q matches a case-insensitive prefix of the name, the exact match first': async (store) => {
    const engineering = newGroup({ profile: { name: 'Engineering' } });
    const eng = newGroup({ profile: { name: 'ENG' } });
    const engines = newGroup({ profile: { name: 'engines' } });
    const reengineering = newGroup({ profile: { name: 'Reengineering' } });
    const wild = newGroup({ profile: { name: 'e_g' } });
    for (const group of [engineering, eng, engines, reengineering, wild]) await store.groups.insert(group);
    const ids = async (q: string) => (await store.groups.list({ q, limit: 10 })).map((g) => g.id);
    assert.deepEqual(await ids('eng'), [eng.id, engineering.id, engines.id], 'exact first, then by name');
    assert.deepEqual(await ids('e_'), [wild.id], 'LIKE wildcards are literal');
    assert.deepEqual(await ids('gineer'), [], 'a prefix, not a substring');
  },

  'filter: type and profile attributes, with and without columns': async (store) => {
    const eng = newGroup({ profile: { name: 'Engineering', description: 'Builds', site: 'Paris' } });
    const app = newGroup({ type: 'APP_GROUP', profile: { name: 'App group', site: 'Oslo' } });
    await store.groups.insert(eng);
    await store.groups.insert(app);
    const ids = async (filter: ReturnType<typeof eq>) => (await store.groups.list({ filter, limit: 10 })).map((g) => g.id);
    assert.deepEqual(await ids(eq('type', 'APP_GROUP')), [app.id]);
    assert.deepEqual(await ids(eq('profile.name', 'engineering')), [eng.id], 'the name compares case-insensitively');
    assert.deepEqual(await ids(eq('profile.site', 'Oslo')), [app.id]);
  },

  'addMember is true once then false, and stamps lastMembershipUpdated': async (store) => {
    const group = newGroup();
    const user = newUser();
    await store.groups.insert(group);
    await store.users.insert(user);
    assert.equal(await store.groups.addMember(group.id, user.id, at(2)), true);
    assert.equal((await store.groups.get(group.id))?.lastMembershipUpdated, at(2));
    assert.equal(await store.groups.addMember(group.id, user.id, at(3)), false);
    assert.equal((await store.groups.get(group.id))?.lastMembershipUpdated, at(2), 'adding nothing changes nothing');
  },

  'removeMember is true once then false; only a given time becomes lastMembershipUpdated': async (store) => {
    const group = newGroup();
    const [ada, bob] = [newUser(), newUser()];
    await store.groups.insert(group);
    await store.users.insert(ada);
    await store.users.insert(bob);
    await store.groups.addMember(group.id, ada.id, at(1));
    await store.groups.addMember(group.id, bob.id, at(1));
    assert.equal(await store.groups.removeMember(group.id, ada.id), true);
    assert.equal((await store.groups.get(group.id))?.lastMembershipUpdated, at(1));
    assert.equal(await store.groups.removeMember(group.id, bob.id, at(4)), true);
    assert.equal((await store.groups.get(group.id))?.lastMembershipUpdated, at(4));
    assert.equal(await store.groups.removeMember(group.id, bob.id, at(5)), false);
    assert.equal((await store.groups.get(group.id))?.lastMembershipUpdated, at(4), 'removing nothing changes nothing');
  },

  'listMembers and listGroupsOfUser page in id order': async (store) => {
    const group = newGroup();
    const other = newGroup();
    const users = Array.from({ length: 5 }, () => newUser());
    const groups = Array.from({ length: 4 }, () => newGroup());
    await store.groups.insert(group);
    await store.groups.insert(other);
    for (const g of groups) await store.groups.insert(g);
    for (const u of users) {
      await store.users.insert(u);
      await store.groups.addMember(group.id, u.id, at(1));
    }
    const first = byId(users)[0];
    assert.ok(first !== undefined);
    for (const g of groups) await store.groups.addMember(g.id, first.id, at(1));
    const members = await pagesOf(
      2,
      (after) => store.groups.listMembers(group.id, { after, limit: 2 }),
      (u) => u.id,
    );
    assert.deepEqual(
      members.flat().map((u) => u.id),
      byId(users).map((u) => u.id),
    );
    assert.deepEqual(await store.groups.listMembers(other.id, { limit: 10 }), []);
    const ofUser = await pagesOf(
      2,
      (after) => store.groups.listGroupsOfUser(first.id, { after, limit: 2 }),
      (g) => g.id,
    );
    assert.deepEqual(
      ofUser.flat().map((g) => g.id),
      byId([group, ...groups]).map((g) => g.id),
    );
  },

  'a deleted user leaves its groups': async (store) => {
    const group = newGroup();
    const user = newUser();
    await store.groups.insert(group);
    await store.users.insert(user);
    await store.groups.addMember(group.id, user.id, at(1));
    await store.users.delete(user.id);
    assert.deepEqual(await store.groups.listMembers(group.id, { limit: 10 }), []);
    assert.equal((await store.groups.statsOf([group.id])).get(group.id)?.usersCount, 0);
  },

  'statsOf counts members and tells groups holding an admin role, for every id asked': async (store) => {
    const admins = newGroup();
    const plain = newGroup();
    const ada = newUser();
    const users = [ada, newUser(), newUser()];
    await store.groups.insert(admins);
    await store.groups.insert(plain);
    for (const u of users) {
      await store.users.insert(u);
      await store.groups.addMember(admins.id, u.id, at(1));
    }
    await store.groups.addMember(plain.id, ada.id, at(1));
    await store.roles.insert(newRole('GROUP', admins.id, 'READ_ONLY_ADMIN'));
    const missing = newGroup().id;
    const stats = await store.groups.statsOf([admins.id, plain.id, missing]);
    assert.deepEqual(stats.get(admins.id), { usersCount: 3, hasAdminPrivilege: true });
    assert.deepEqual(stats.get(plain.id), { usersCount: 1, hasAdminPrivilege: false });
    assert.deepEqual(stats.get(missing), { usersCount: 0, hasAdminPrivilege: false });
    assert.equal((await store.groups.statsOf([])).size, 0);
  },

  [`${RACERS} concurrent addMember of one user: exactly one adds it`]: async (store) => {
    const group = newGroup();
    const user = newUser();
    await store.groups.insert(group);
    await store.users.insert(user);
    const added = await together(RACERS, (i) => store.groups.addMember(group.id, user.id, at(i)));
    assert.equal(winners(added), 1);
    assert.equal((await store.groups.statsOf([group.id])).get(group.id)?.usersCount, 1);
  },

  [`${RACERS} concurrent updates (outside a transaction) lose none`]: async (store) => {
    const group = newGroup({ profile: { name: 'Counters', counter: 0 } });
    await store.groups.insert(group);
    await together(RACERS, () => store.groups.update(group.id, increment));
    assert.equal((await store.groups.get(group.id))?.profile['counter'], RACERS);
  },

  [`${RACERS} concurrent updates, each in its own transaction, lose none`]: async (store) => {
    const group = newGroup({ profile: { name: 'Counters', counter: 0 } });
    await store.groups.insert(group);
    await together(RACERS, () => store.transaction((tx) => tx.groups.update(group.id, increment)));
    assert.equal((await store.groups.get(group.id))?.profile['counter'], RACERS);
  },
});
