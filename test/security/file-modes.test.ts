/**
 * The SQLite database, its `-wal`, `-shm` and `-journal` files, the master key file and the data
 * folder are readable by their owner only, whatever the umask: a server started on a fresh
 * folder, a database opened in-process, and files left world-readable by an older version or a
 * careless copy (tightened at start). The process runs with umask 000 here, so nothing passes
 * by the grace of a strict umask.
 *
 * SQLite only: with PostgreSQL, Tessera writes no file (the master key is required in the
 * environment), and the database's files are the PostgreSQL server's (initdb makes them 0700).
 */
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveMasterKey } from '../../src/crypto/master-key.js';
import { openDatabase } from '../../src/store/database.js';
import { prepareSqliteFiles } from '../../src/store/sqlite-files.js';
import { startServerProcess, stopServerProcess } from '../helpers/cli-process.js';

/** The permission bits of `path`, and an assertion that neither group nor others have any. */
function assertOwnerOnly(path: string, expected: number): void {
  assert.ok(existsSync(path), `${path} exists`);
  const mode = statSync(path).mode & 0o777;
  assert.equal(mode & 0o077, 0, `${path} is ${mode.toString(8)}: group or others have access`);
  assert.equal(mode, expected, `${path} is ${mode.toString(8)}`);
}

describe('file modes of the SQLite store (umask 000)', () => {
  let root: string;
  let umask: number;
  before(() => {
    umask = process.umask(0);
    root = mkdtempSync(join(tmpdir(), 'tessera-modes-'));
  });
  after(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('a server started on a fresh folder makes it 0700, and the database, -wal, -shm and master.key 0600', async () => {
    const data = join(root, 'server', 'data');
    const file = join(data, 'tessera.db');
    // No master key given: the server makes master.key.
    const server = await startServerProcess(`sqlite:${file}`);
    try {
      // First start wrote the org row, the migrations and a signing key: the WAL and its index exist.
      assertOwnerOnly(join(root, 'server'), 0o700);
      assertOwnerOnly(data, 0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`, join(data, 'master.key')]) assertOwnerOnly(path, 0o600);
    } finally {
      await stopServerProcess(server, 'SIGTERM');
    }
  });

  it('openDatabase on a fresh folder: the folders 0700, the database and the files SQLite adds after a write 0600', async () => {
    const nested = join(root, 'open', 'a', 'b');
    const file = join(nested, 'tessera.db');
    const open = await openDatabase(`sqlite:${file}`);
    try {
      await open.db.insertInto('org').values({ id: '00omodes', created: new Date().toISOString(), token_window: 'P30D' }).execute();
      for (const folder of [join(root, 'open'), join(root, 'open', 'a'), nested]) assertOwnerOnly(folder, 0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) assertOwnerOnly(path, 0o600);
    } finally {
      await open.close();
    }
  });

  it('an existing database left world-readable is tightened at open, before anything is written, and so are the files SQLite adds', async () => {
    const file = join(root, 'existing', 'tessera.db');
    const first = await openDatabase(`sqlite:${file}`);
    await first.close();
    chmodSync(file, 0o666);
    const open = await openDatabase(`sqlite:${file}`);
    try {
      assertOwnerOnly(file, 0o600);
      await open.db.insertInto('org').values({ id: '00oexisting', created: new Date().toISOString(), token_window: 'P30D' }).execute();
      for (const path of [`${file}-wal`, `${file}-shm`]) assertOwnerOnly(path, 0o600);
    } finally {
      await open.close();
    }
  });

  it('a world-readable -wal and -shm left by a crash (with committed data in the WAL) are tightened at open', async () => {
    const live = join(root, 'live', 'tessera.db');
    const crashed = join(root, 'crashed', 'tessera.db');
    const open = await openDatabase(`sqlite:${live}`);
    try {
      await open.db.insertInto('org').values({ id: '00ocrashed', created: new Date().toISOString(), token_window: 'P30D' }).execute();
      // What a killed process leaves: the three files as they are while it runs, here world-readable.
      mkdirSync(join(root, 'crashed'), { mode: 0o755 });
      for (const suffix of ['', '-wal', '-shm']) {
        copyFileSync(live + suffix, crashed + suffix);
        chmodSync(crashed + suffix, 0o644);
      }
    } finally {
      await open.close();
    }
    const reopened = await openDatabase(`sqlite:${crashed}`);
    try {
      for (const suffix of ['', '-wal', '-shm']) assertOwnerOnly(crashed + suffix, 0o600);
      const org = await reopened.db.selectFrom('org').select('id').execute();
      assert.deepEqual(
        org.map((o) => o.id),
        ['00ocrashed'],
        'the committed row is there',
      );
    } finally {
      await reopened.close();
    }
  });

  it('a world-readable -wal, -shm or -journal left beside the database is tightened too', () => {
    const file = join(root, 'companions', 'tessera.db');
    prepareSqliteFiles(file);
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      writeFileSync(file + suffix, '', { flag: 'a' });
      chmodSync(file + suffix, 0o644);
    }
    prepareSqliteFiles(file);
    for (const suffix of ['', '-wal', '-shm', '-journal']) assertOwnerOnly(file + suffix, 0o600);
  });

  it('a master.key left world-readable is tightened when it is read', () => {
    const file = join(root, 'key', 'tessera.db');
    const key = resolveMasterKey(undefined, `sqlite:${file}`);
    assertOwnerOnly(join(root, 'key'), 0o700);
    assertOwnerOnly(join(root, 'key', 'master.key'), 0o600);
    chmodSync(join(root, 'key', 'master.key'), 0o644);
    assert.equal(resolveMasterKey(undefined, `sqlite:${file}`), key);
    assertOwnerOnly(join(root, 'key', 'master.key'), 0o600);
  });
});
