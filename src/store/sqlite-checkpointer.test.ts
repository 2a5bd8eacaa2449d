import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './database.js';
import { startCheckpointer } from './sqlite-checkpointer.js';

/** Waits (turn by turn, at most `limitMs` of wall time) until `done()` holds. */
async function until(done: () => boolean, limitMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await nextTurn();
  }
  return true;
}

describe('WAL checkpoints on a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-checkpointer-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("copies the writer's log back into the database file while the writer never checkpoints", async () => {
    const file = join(dir, 'copy.db');
    const writer = new BetterSqlite3(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, body text not null)');
    const insert = writer.prepare('insert into t (body) values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(1000));
    })();
    const before = statSync(file).size;
    assert.ok(statSync(`${file}-wal`).size > 500 * 1000, 'the rows are in the log');

    const checkpointer = startCheckpointer(file, 5);
    assert.ok(await until(() => statSync(file).size > 500 * 1000), `the database file grew from ${before} bytes`);
    await checkpointer.stop();
    await checkpointer.stop();
    assert.equal(writer.prepare('select count(*) from t').pluck().get(), 500);
    writer.close();
  });

  it('stops cleanly when its worker could not open the file', async () => {
    const checkpointer = startCheckpointer(join(dir, 'missing.db'), 5);
    await checkpointer.stop();
  });

  it("keeps a server's database whole across close and reopen", async () => {
    const url = `sqlite:${join(dir, 'server.db')}`;
    const first = await openDatabase(url);
    await first.db.insertInto('used_jtis').values({ key: 'k1', expires: '2100-01-01T00:00:00.000Z' }).execute();
    await first.close();
    const second = await openDatabase(url);
    const rows = await second.db.selectFrom('used_jtis').select('key').execute();
    await second.close();
    assert.deepEqual(rows, [{ key: 'k1' }]);
  });
});
