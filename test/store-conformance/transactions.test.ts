/**
 * `Store.transaction`: work commits together or not at all, reads inside see the work's own
 * writes, and a nested call joins the outer transaction (its failure undoes the outer work too).
 */
import assert from 'node:assert/strict';
import { runConformance } from './conformance.js';
import { at, newGroup, newUser } from './records.js';

await runConformance('transactions', {
  "the work's result is returned and its writes are kept": async (store) => {
    const user = newUser();
    const result = await store.transaction(async (tx) => {
      await tx.users.insert(user);
      return (await tx.users.get(user.id))?.id;
    });
    assert.equal(result, user.id, 'a read inside sees the write');
    assert.deepEqual(await store.users.get(user.id), user);
  },

  'a failing work leaves nothing of what it wrote, in any repository': async (store) => {
    const user = newUser();
    const group = newGroup();
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.users.insert(user);
        await tx.groups.insert(group);
        await tx.groups.addMember(group.id, user.id, at(1));
        await tx.users.update(user.id, (u) => ({ ...u, status: 'SUSPENDED' }));
        throw new Error('fails after its writes');
      }),
      /fails after its writes/,
    );
    assert.equal(await store.users.get(user.id), undefined);
    assert.equal(await store.groups.get(group.id), undefined);
  },

  'a sentinel error inside rolls the transaction back and reaches the caller': async (store) => {
    const taken = newUser({ profile: { login: 'ada@example.com' } });
    await store.users.insert(taken);
    const group = newGroup();
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.groups.insert(group);
        await tx.users.insert(newUser({ profile: { login: 'ada@example.com' } }));
      }),
      { name: 'UniqueViolation', what: 'login' },
    );
    assert.equal(await store.groups.get(group.id), undefined);
  },

  'a nested transaction joins the outer one: its writes commit with it, its failure undoes both': async (store) => {
    const [outer, inner] = [newUser(), newUser()];
    await store.transaction(async (tx) => {
      await tx.users.insert(outer);
      await tx.transaction((nested) => nested.users.insert(inner));
      assert.notEqual(await tx.users.get(inner.id), undefined, 'the outer work sees the nested write');
    });
    assert.notEqual(await store.users.get(inner.id), undefined);

    const [second, third] = [newUser(), newUser()];
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.users.insert(second);
        await tx.transaction(async (nested) => {
          await nested.users.insert(third);
          throw new Error('the nested work fails');
        });
      }),
      /the nested work fails/,
    );
    assert.equal(await store.users.get(second.id), undefined);
    assert.equal(await store.users.get(third.id), undefined);
  },
});
