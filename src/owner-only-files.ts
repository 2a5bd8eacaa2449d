/**
 * Files holding secrets or personal data (the SQLite database and its companions, the master key
 * file) are readable by their owner only: 0600 files in a 0700 folder when Tessera creates it.
 * A file found with a wider mode is tightened (group and other bits cleared), or, when it cannot
 * be (another user owns it), the start stops with an error saying how to fix it.
 */
import { chmodSync, mkdirSync, statSync } from 'node:fs';

export const OWNER_ONLY_FOLDER = 0o700;
export const OWNER_ONLY_FILE = 0o600;

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** Creates `folder` and its missing parents 0700; a folder that exists is left as it is. */
export function makeOwnerOnlyFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
}

/**
 * Clears the group and other bits of `path`, if it exists. By path, not through a descriptor:
 * closing any descriptor of a file drops every POSIX lock this process holds on it, including
 * those of a SQLite connection already open on it (SQLite, "How To Corrupt An SQLite Database
 * File" §2.2).
 */
export function restrictToOwner(path: string): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(path, mode & 0o700);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${path} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}) and cannot be restricted to its owner: ${reason}; run \`chmod 600 ${path}\` as its owner`,
      { cause: error },
    );
  }
}
