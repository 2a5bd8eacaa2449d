/**
 * UserRepository: CRUD with its sentinels, the login as one key whatever its case, paging on
 * the id cursor, the documented filters (`excludeStatuses`, `q`, `filter`), and `update` as a
 * read-modify-write that loses no concurrent change.
 */
import { textOf } from '../../src/store/records.js';
import assert from 'node:assert/strict';
import type { UserRecord } from '../../src/store/records.js';
import { byId, eq, pagesOf, RACERS, rejectsAsTaken, runConformance, together } from './conformance.js';
import { at, newUser } from './records.js';

const counterOf = (user: UserRecord | undefined): unknown => user?.profile['counter'];

const increment = (user: UserRecord): UserRecord => ({ ...user, profile: { ...user.profile, counter: Number(user.profile['counter'] ?? 0) + 1 } });

await runConformance('users', {
  'insert, then get and getByLogin return the record as written': async (store) => {
    const user = newUser({
      passwordHash: 'hash',
      lastLogin: at(3),
      profile: { login: 'ada@example.com', email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', tags: ['a', 1, true], nested: { x: 1 } },
    });
    await store.users.insert(user);
    assert.deepEqual(await store.users.get(user.id), user);
    assert.deepEqual(await store.users.getByLogin('ada@example.com'), user);
  },

  'a missing user is undefined, by id and by login': async (store) => {
    assert.equal(await store.users.get(newUser().id), undefined);
    assert.equal(await store.users.getByLogin('nobody@example.com'), undefined);
  },

  'the login is one key whatever its case or compatibility form': async (store) => {
    const user = newUser({ profile: { login: 'Ada@Example.com' } });
    await store.users.insert(user);
    assert.equal((await store.users.getByLogin('ADA@EXAMPLE.COM'))?.id, user.id);
    assert.equal((await store.users.getByLogin('ａｄａ@example.com'))?.id, user.id, 'full-width letters fold to the same login');
  },

  'a second user with a taken login is refused with UniqueViolation(login) and not written': async (store) => {
    await store.users.insert(newUser({ profile: { login: 'ada@example.com' } }));
    const second = newUser({ profile: { login: 'ADA@example.com' } });
    await rejectsAsTaken(store.users.insert(second), 'login');
    assert.equal(await store.users.get(second.id), undefined);
  },

  'update stores the change, raises version by one, and returns what it stored': async (store) => {
    const user = newUser({ version: 4 });
    await store.users.insert(user);
    const updated = await store.users.update(user.id, (current) => ({
      ...current,
      status: 'SUSPENDED',
      lastUpdated: at(7),
      profile: { ...current.profile, firstName: 'Augusta' },
    }));
    assert.equal(updated?.status, 'SUSPENDED');
    assert.equal(updated?.profile['firstName'], 'Augusta');
    assert.equal(updated?.version, 5);
    assert.deepEqual(await store.users.get(user.id), updated);
  },

  'update to a taken login is refused with UniqueViolation(login) and changes nothing': async (store) => {
    const ada = newUser({ profile: { login: 'ada@example.com' } });
    const bob = newUser({ profile: { login: 'bob@example.com' } });
    await store.users.insert(ada);
    await store.users.insert(bob);
    await rejectsAsTaken(
      store.users.update(bob.id, (current) => ({ ...current, profile: { ...current.profile, login: 'Ada@example.com' } })),
      'login',
    );
    assert.deepEqual(await store.users.get(bob.id), bob);
  },

  'update of a missing user is undefined and never calls the change': async (store) => {
    let called = false;
    const result = await store.users.update(newUser().id, (current) => {
      called = true;
      return current;
    });
    assert.equal(result, undefined);
    assert.equal(called, false);
  },

  'delete removes the user once: true, then false': async (store) => {
    const user = newUser();
    await store.users.insert(user);
    assert.equal(await store.users.delete(user.id), true);
    assert.equal(await store.users.get(user.id), undefined);
    assert.equal(await store.users.getByLogin(textOf(user.profile['login'])), undefined);
    assert.equal(await store.users.delete(user.id), false);
  },

  "a deleted user's login can be taken again": async (store) => {
    const first = newUser({ profile: { login: 'ada@example.com' } });
    await store.users.insert(first);
    await store.users.delete(first.id);
    const second = newUser({ profile: { login: 'ada@example.com' } });
    await store.users.insert(second);
    assert.equal((await store.users.getByLogin('ada@example.com'))?.id, second.id);
  },

  'list pages in id order with an exclusive cursor, each user once': async (store) => {
    const users = Array.from({ length: 7 }, () => newUser());
    for (const user of users) await store.users.insert(user);
    const pages = await pagesOf(
      3,
      (after) => store.users.list({ after, limit: 3 }),
      (u) => u.id,
    );
    assert.deepEqual(
      pages.map((p) => p.length),
      [3, 3, 1],
    );
    assert.deepEqual(pages.flat(), byId(users));
    const sorted = byId(users);
    const third = sorted[2];
    assert.ok(third !== undefined);
    assert.deepEqual(await store.users.list({ after: third.id, limit: 100 }), sorted.slice(3), 'the cursor itself is left out');
  },

  'list leaves out excludeStatuses': async (store) => {
    const active = newUser({ status: 'ACTIVE' });
    const gone = newUser({ status: 'DEPROVISIONED' });
    const staged = newUser({ status: 'STAGED' });
    for (const user of [active, gone, staged]) await store.users.insert(user);
    assert.deepEqual(await store.users.list({ limit: 10, excludeStatuses: ['DEPROVISIONED'] }), byId([active, staged]));
    assert.deepEqual(await store.users.list({ limit: 10, excludeStatuses: ['DEPROVISIONED', 'STAGED'] }), [active]);
    assert.equal((await store.users.list({ limit: 10, excludeStatuses: [] })).length, 3);
  },

  'q matches a case-insensitive prefix of firstName, lastName or email, and nothing else': async (store) => {
    const ada = newUser({ profile: { login: 'first@example.com', email: 'countess@example.com', firstName: 'Ada', lastName: 'Lovelace' } });
    const grace = newUser({ profile: { login: 'second@example.com', email: 'admiral@example.com', firstName: 'Grace', lastName: 'Hopper' } });
    const alan = newUser({ profile: { login: 'third@example.com', email: 'alan@example.com', firstName: 'Alan', lastName: 'Turing' } });
    for (const user of [ada, grace, alan]) await store.users.insert(user);
    const ids = async (q: string) => (await store.users.list({ q, limit: 10 })).map((u) => u.id);
    assert.deepEqual(
      await ids('ad'),
      byId([ada, grace]).map((u) => u.id),
      'firstName Ada, email admiral@',
    );
    assert.deepEqual(await ids('HOP'), [grace.id], 'lastName, any case');
    assert.deepEqual(await ids('alan@'), [alan.id], 'email');
    assert.deepEqual(await ids('ovelace'), [], 'a prefix, not a substring');
    assert.deepEqual(await ids('first'), [], 'the login is not searched');
    assert.deepEqual(await ids('a%'), [], 'LIKE wildcards are literal');
  },

  'q pages on the same id cursor': async (store) => {
    const users = Array.from({ length: 5 }, (_, i) =>
      newUser({ profile: { login: `u${i}@example.com`, email: `u${i}@example.com`, firstName: 'Match', lastName: 'X' } }),
    );
    for (const user of users) await store.users.insert(user);
    await store.users.insert(newUser({ profile: { login: 'other@example.com', firstName: 'Other' } }));
    const pages = await pagesOf(
      2,
      (after) => store.users.list({ q: 'match', after, limit: 2 }),
      (u) => u.id,
    );
    assert.deepEqual(pages.flat(), byId(users));
  },

  'filter: status, profile.login (any case), and a custom attribute kept in step with updates': async (store) => {
    const ada = newUser({ profile: { login: 'ada@example.com', department: 'Engineering', level: 3 } });
    const bob = newUser({ status: 'SUSPENDED', profile: { login: 'bob@example.com', department: 'Sales', level: 3 } });
    await store.users.insert(ada);
    await store.users.insert(bob);
    const ids = async (filter: ReturnType<typeof eq>) => (await store.users.list({ filter, limit: 10 })).map((u) => u.id);
    assert.deepEqual(await ids(eq('status', 'SUSPENDED')), [bob.id]);
    assert.deepEqual(await ids(eq('profile.login', 'ADA@example.com')), [ada.id]);
    assert.deepEqual(await ids(eq('profile.department', 'Engineering')), [ada.id]);
    assert.deepEqual(
      await ids(eq('profile.level', 3)),
      byId([ada, bob]).map((u) => u.id),
    );
    assert.deepEqual(await ids(eq('profile.level', '3')), [], 'a number is not the string of its digits');
    await store.users.update(ada.id, (current) => ({ ...current, profile: { ...current.profile, department: 'Research' } }));
    assert.deepEqual(await ids(eq('profile.department', 'Engineering')), [], 'the old value no longer matches');
    assert.deepEqual(await ids(eq('profile.department', 'Research')), [ada.id]);
  },

  'filter pages on the id cursor': async (store) => {
    const users = Array.from({ length: 5 }, (_, i) => newUser({ profile: { login: `blue${i}@example.com`, team: 'blue' } }));
    for (const user of users) await store.users.insert(user);
    await store.users.insert(newUser());
    const pages = await pagesOf(
      2,
      (after) => store.users.list({ filter: eq('profile.team', 'blue'), after, limit: 2 }),
      (u) => u.id,
    );
    assert.deepEqual(pages.flat(), byId(users));
  },

  [`${RACERS} concurrent updates (outside a transaction) lose none`]: async (store) => {
    const user = newUser({ profile: { login: 'counter@example.com', counter: 0 }, version: 1 });
    await store.users.insert(user);
    await together(RACERS, () => store.users.update(user.id, increment));
    const after = await store.users.get(user.id);
    assert.equal(counterOf(after), RACERS);
    assert.equal(after?.version, 1 + RACERS);
  },

  [`${RACERS} concurrent updates, each in its own transaction, lose none`]: async (store) => {
    const user = newUser({ profile: { login: 'counter@example.com', counter: 0 }, version: 1 });
    await store.users.insert(user);
    await together(RACERS, () => store.transaction((tx) => tx.users.update(user.id, increment)));
    const after = await store.users.get(user.id);
    assert.equal(counterOf(after), RACERS);
    assert.equal(after?.version, 1 + RACERS);
  },
});
