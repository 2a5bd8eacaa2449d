/**
 * A store whose database becomes unreachable fails its calls instead of hanging or answering
 * from nowhere, writes nothing it was not acknowledged for, and answers again by itself once the
 * database is back. The store's PostgreSQL pool connects through a TCP proxy that the test cuts,
 * as a network partition or a database restart does: open connections drop and new ones are
 * refused. PostgreSQL only: SQLite lives in the store's own process.
 *
 * Every call rejects with the store's one failure sentinel, `StoreUnavailable`, never with the
 * driver's own error: the edges answer 503 on that class alone.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { StoreUnavailable, type Store } from '../../src/store/store.js';
import { openTestDatabase, POSTGRES_URL, storeKinds, type TestDatabase } from '../helpers/databases.js';
import { tcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { RACERS, together } from './conformance.js';
import { at, newCode, newLogEvent, newUser } from './records.js';

const kinds = (await storeKinds()).filter((kind) => kind === 'postgres');

for (const kind of kinds) {
  describe(`store conformance: an unreachable database (${kind})`, () => {
    let proxy: TcpProxy | undefined;
    let database: TestDatabase | undefined;
    let store: Store | undefined;
    before(async () => {
      const direct = new URL(POSTGRES_URL);
      proxy = await tcpProxy(direct.hostname, Number(direct.port === '' ? 5432 : direct.port));
      const proxied = new URL(POSTGRES_URL);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      database = await openTestDatabase(kind, undefined, proxied.toString());
      store = createStore(database);
    });
    beforeEach(() => proxy?.restore());
    after(async () => {
      proxy?.restore();
      await database?.dispose();
      await proxy?.close();
    });

    /** The store and its proxy, once `before` has opened them. */
    const opened = (): { store: Store; proxy: TcpProxy } => {
      if (store === undefined || proxy === undefined) throw new Error('the proxied store did not open');
      return { store, proxy };
    };

    it('every kind of call rejects while the database is cut, and the same calls succeed once it is back', async () => {
      const { store, proxy } = opened();
      const user = newUser();
      const code = newCode();
      await store.authorization.insertCode(code);
      assert.equal(await store.users.get(user.id), undefined, 'the store answers before the cut');

      proxy.cut();
      await assert.rejects(store.users.get(user.id), StoreUnavailable, 'a read');
      await assert.rejects(store.users.insert(user), StoreUnavailable, 'a write');
      await assert.rejects(
        store.users.update(user.id, (u) => u),
        StoreUnavailable,
        'a read-modify-write',
      );
      await assert.rejects(store.authorization.consumeCode(code.digest, at(0)), StoreUnavailable, 'a conditional update');
      await assert.rejects(store.replay.use(`jti-${code.digest}`, at(5)), StoreUnavailable, 'a single-use insert');
      await assert.rejects(store.logs.append([newLogEvent()]), StoreUnavailable, 'a System Log append');
      await assert.rejects(store.logs.highWater(), StoreUnavailable, 'the high water');

      proxy.restore();
      assert.equal(await store.users.get(user.id), undefined, 'the refused insert wrote nothing');
      await store.users.insert(user);
      assert.deepEqual(await store.users.get(user.id), user);
      assert.equal((await store.authorization.consumeCode(code.digest, at(0)))?.digest, code.digest, 'the refused redemption did not spend the code');
      assert.equal(await store.replay.use(`jti-${code.digest}`, at(5)), true, 'the refused use did not spend the value');
    });

    it('a transaction cut before its commit rejects and leaves none of its writes', async () => {
      const { store, proxy } = opened();
      const user = newUser();
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.insert(user);
          proxy.cut();
          await tx.logs.append([newLogEvent()]);
        }),
        StoreUnavailable,
      );
      proxy.restore();
      assert.equal(await store.users.get(user.id), undefined);
    });

    it(`${RACERS} callers during a cut all reject, none hangs, and all are answered after it`, async () => {
      const { store, proxy } = opened();
      const user = newUser();
      await store.users.insert(user);
      proxy.cut();
      const during = await Promise.allSettled(Array.from({ length: RACERS }, () => store.users.get(user.id)));
      assert.deepEqual(
        during.map((r) => r.status),
        Array.from({ length: RACERS }, () => 'rejected'),
      );
      for (const r of during) if (r.status === 'rejected') assert.ok(r.reason instanceof StoreUnavailable, String(r.reason));
      proxy.restore();
      const afterwards = await together(RACERS, () => store.users.get(user.id));
      for (const read of afterwards) assert.equal(read?.id, user.id);
    });
  });
}
