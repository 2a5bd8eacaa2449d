/**
 * SigningKeyRepository: keys listed newest first; `insertFirst` makes one key between many
 * racing starters on an empty database; rotations (retire the active keys, insert a new one)
 * running together leave exactly one key active; the janitor drops only keys retired before
 * its time.
 */
import assert from 'node:assert/strict';
import { RACERS, runConformance, together, winners } from './conformance.js';
import { at, newSigningKey } from './records.js';

await runConformance('signing keys', {
  'an empty store lists no key; inserted keys are listed newest first, as written': async (store) => {
    assert.deepEqual(await store.signingKeys.list(), []);
    const old = newSigningKey({ created: at(1), status: 'RETIRED', retired: at(5) });
    const current = newSigningKey({ created: at(5) });
    await store.signingKeys.insert(old);
    await store.signingKeys.insert(current);
    assert.deepEqual(await store.signingKeys.list(), [current, old]);
  },

  'insertFirst inserts into an empty store only: true, then false': async (store) => {
    const first = newSigningKey();
    assert.equal(await store.signingKeys.insertFirst(first), true);
    assert.equal(await store.signingKeys.insertFirst(newSigningKey()), false);
    assert.deepEqual(await store.signingKeys.list(), [first]);
  },

  'insertFirst is false when only retired keys are there': async (store) => {
    await store.signingKeys.insert(newSigningKey({ status: 'RETIRED', retired: at(1) }));
    assert.equal(await store.signingKeys.insertFirst(newSigningKey()), false);
  },

  [`${RACERS} nodes starting together on an empty store make one key between them`]: async (store) => {
    const keys = Array.from({ length: RACERS }, () => newSigningKey());
    const inserted = await together(RACERS, (i) => store.signingKeys.insertFirst(keys[i] ?? newSigningKey()));
    assert.equal(winners(inserted), 1);
    assert.deepEqual(await store.signingKeys.list(), [keys[inserted.indexOf(true)]]);
  },

  'retireActive retires every active key at the time and leaves retired keys as they were': async (store) => {
    const [a, b] = [newSigningKey({ created: at(1) }), newSigningKey({ created: at(2) })];
    const earlier = newSigningKey({ created: at(0), status: 'RETIRED', retired: at(1) });
    for (const key of [a, b, earlier]) await store.signingKeys.insert(key);
    await store.signingKeys.retireActive(at(7));
    assert.deepEqual(await store.signingKeys.list(), [{ ...b, status: 'RETIRED', retired: at(7) }, { ...a, status: 'RETIRED', retired: at(7) }, earlier]);
  },

  [`${RACERS} rotations running together leave exactly one active key`]: async (store) => {
    await store.signingKeys.insert(newSigningKey());
    await together(RACERS, (i) =>
      store.transaction(async (tx) => {
        await tx.signingKeys.retireActive(at(i + 1));
        await tx.signingKeys.insert(newSigningKey({ created: at(i + 1) }));
      }),
    );
    const keys = await store.signingKeys.list();
    assert.equal(keys.length, RACERS + 1);
    assert.equal(keys.filter((k) => k.status === 'ACTIVE').length, 1);
  },

  'purgeRetired deletes keys retired before the time, never an active one': async (store) => {
    const active = newSigningKey({ created: at(0) });
    const long = newSigningKey({ status: 'RETIRED', retired: at(1) });
    const recent = newSigningKey({ status: 'RETIRED', retired: at(10) });
    for (const key of [active, long, recent]) await store.signingKeys.insert(key);
    await store.signingKeys.purgeRetired(at(10));
    assert.deepEqual((await store.signingKeys.list()).map((k) => k.kid).sort(), [active.kid, recent.kid].sort());
    await store.signingKeys.purgeRetired(at(1000));
    assert.deepEqual(
      (await store.signingKeys.list()).map((k) => k.kid),
      [active.kid],
    );
  },
});
