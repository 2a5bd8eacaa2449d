/**
 * The master key that encrypts private keys at rest. From TESSERA_MASTER_KEY (any secret of at
 * least 32 characters, such as 64 hex digits), or, when that is unset and the store is a SQLite
 * file, from a key file beside the data created with mode 0600. PostgreSQL deployments have many
 * nodes, which must share the key: there the variable is required.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../config/config.js';
import { OWNER_ONLY_FILE, makeOwnerOnlyFolder, restrictToOwner } from '../owner-only-files.js';

export const MASTER_KEY_MIN_LENGTH = 32;

export function resolveMasterKey(masterKey: string | undefined, databaseUrl: string): string {
  if (masterKey !== undefined) {
    if (masterKey.length < MASTER_KEY_MIN_LENGTH) throw new ConfigError(`TESSERA_MASTER_KEY must be at least ${MASTER_KEY_MIN_LENGTH} characters`);
    return masterKey;
  }
  if (!databaseUrl.startsWith('sqlite:')) {
    throw new ConfigError('TESSERA_MASTER_KEY is required with PostgreSQL: every node must use the same one (e.g. `openssl rand -hex 32`)');
  }
  const path = databaseUrl.slice('sqlite:'.length);
  if (path === '' || path === ':memory:') return randomBytes(32).toString('hex'); // nothing persists, so neither does the key
  const file = join(dirname(path), 'master.key');
  if (existsSync(file)) {
    // A key file copied or restored with a wider mode is tightened before it is read.
    restrictToOwner(file);
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < MASTER_KEY_MIN_LENGTH) throw new ConfigError(`${file} holds no usable master key`);
    return key;
  }
  makeOwnerOnlyFolder(dirname(file));
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: OWNER_ONLY_FILE, flag: 'wx' });
  return key;
}
