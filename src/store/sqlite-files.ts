/**
 * A SQLite database holds password hashes, token digests, personal data and encrypted keys, so
 * its files are readable by their owner only (owner-only-files.ts): the data folder 0700 when
 * Tessera creates it, the database file and its `-wal`, `-shm` and `-journal` companions 0600.
 *
 * The database file is created here, owner-only, before SQLite opens it, so it never exists with
 * a wider mode. SQLite creates the companions lazily (the shared-memory index at open, the WAL at
 * the first write, a rollback journal while switching to WAL) and gives each the mode of the
 * database file (os_unix.c, `findCreateFileMode`), so they follow it without a umask change,
 * which would be process-wide and is not allowed in the checkpointer's worker thread anyway.
 *
 * Files left with a wider mode by an older version or a copy are tightened here, before SQLite
 * opens the database and before anything is written. A folder that already exists is left
 * alone: it may be shared (a home, a mounted volume), and with its files owner-only it shows
 * their names only.
 */
import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { OWNER_ONLY_FILE, errorCode, makeOwnerOnlyFolder, restrictToOwner } from '../owner-only-files.js';

/** The files SQLite keeps beside a database (WAL mode, and a rollback journal while switching). */
export const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'] as const;

/**
 * Makes the data folder (0700) and the database file (0600) at `path` if they are missing, and
 * tightens the database file and any companion to 0600. Call before SQLite opens `path`.
 */
export function prepareSqliteFiles(path: string): void {
  makeOwnerOnlyFolder(dirname(path));
  try {
    // A new file is owner-only from its first moment (an empty file is an empty database to SQLite).
    closeSync(openSync(path, 'wx', OWNER_ONLY_FILE));
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
  restrictToOwner(path);
  for (const suffix of COMPANION_SUFFIXES) restrictToOwner(path + suffix);
}
