/**
 * The first start on an empty database makes the first signing key; nodes that start together
 * (several processes on one PostgreSQL database, as the README's two-node recipe does) must make
 * one key between them, not one each; rotations run together must leave one active key.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { KeyEncryption } from '../../src/crypto/key-encryption.js';
import { SigningKeyRing } from '../../src/oauth/keys/key-ring.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { openTestDatabase, storeKinds, type TestDatabase } from '../helpers/databases.js';
import { TEST_MASTER_KEY } from '../helpers/test-app.js';

for (const kind of await storeKinds()) {
  describe(`signing keys when nodes start or rotate together (${kind})`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await openTestDatabase(kind);
      store = createStore(database);
    });
    after(() => database.dispose());

    it('makes one key when four nodes start together on an empty database, and every node signs with it', async () => {
      const clock = new ManualClock(Date.parse('2026-11-28T19:00:00Z'));
      const open = () => SigningKeyRing.open(store, new KeyEncryption(TEST_MASTER_KEY), clock, { retentionMs: 3_690_000, refreshMs: 60_000 });
      const rings = await Promise.all([open(), open(), open(), open()]);
      const stored = await store.signingKeys.list();
      assert.equal(stored.length, 1, 'one key in the database');
      assert.equal(stored[0]?.status, 'ACTIVE');
      for (const ring of rings) {
        assert.equal(ring.signingKey().kid, stored[0]?.kid);
        assert.deepEqual(
          (await ring.jwks()).keys.map((key) => key['kid']),
          [stored[0]?.kid],
        );
      }
      // A later start finds it and makes none.
      await open();
      assert.equal((await store.signingKeys.list()).length, 1);
    });

    it('leaves one active key when four `tessera keys rotate` run at once; the other new keys stay published, retired', async () => {
      const clock = new ManualClock(Date.parse('2026-11-28T20:00:00Z'));
      const open = () => SigningKeyRing.open(store, new KeyEncryption(TEST_MASTER_KEY), clock, { retentionMs: 3_690_000, refreshMs: 60_000 });
      const before = (await store.signingKeys.list()).map((key) => key.kid);
      const rings = await Promise.all([open(), open(), open(), open()]);
      const rotated = await Promise.all(rings.map((ring) => ring.rotate()));
      const stored = await store.signingKeys.list();
      const active = stored.filter((key) => key.status === 'ACTIVE');
      assert.equal(active.length, 1, `one active key, got ${active.map((key) => key.kid).join(', ')}`);
      assert.ok(rotated.includes(active[0]?.kid ?? ''), 'the active key is one of the rotated ones');
      assert.deepEqual(new Set(stored.map((key) => key.kid)), new Set([...before, ...rotated]));
      const ring = await open();
      assert.equal(ring.signingKey().kid, active[0]?.kid);
      assert.deepEqual(new Set((await ring.jwks()).keys.map((key) => key['kid'])), new Set([...before, ...rotated]));
    });
  });
}
