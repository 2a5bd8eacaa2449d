/** SigningKeyRepository and ReplayRepository over Kysely. */
import { sql, type Kysely } from 'kysely';
import type { SigningKeyRecord } from '../oauth-records.js';
import type { ReplayRepository, SigningKeyRepository } from '../oauth-store.js';
import type { Database } from '../schema.js';
import type { Dialect } from '../database.js';
import { compiledOnce } from './compiled-once.js';
import { parseObject } from './json.js';

/** PostgreSQL: the signing keys' transaction-scoped advisory lock, one per schema. */
async function lockSigningKeys(db: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended('tessera.signing_keys.' || current_schema(), 0))`.execute(db);
}

export class KyselySigningKeyRepository implements SigningKeyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insertFirst(key: SigningKeyRecord): Promise<boolean> {
    // One conditional statement: atomic on SQLite (it takes the write lock before it reads). On
    // PostgreSQL two transactions could both see no key, so the insert runs under the signing
    // keys' advisory lock: the second node waits, then sees the first node's key.
    const insert = (db: Kysely<Database>) =>
      sql`INSERT INTO signing_keys (kid, alg, status, public_jwk, private_encrypted, created, retired)
        SELECT ${key.kid}, ${key.alg}, ${key.status}, ${JSON.stringify(key.publicJwk)}, ${key.privateEncrypted}, ${key.created}, ${key.retired}
        WHERE NOT EXISTS (SELECT 1 FROM signing_keys)`.execute(db);
    if (this.dialect === 'sqlite') return Number((await insert(this.db)).numAffectedRows ?? 0n) > 0;
    return this.db.transaction().execute(async (trx) => {
      await lockSigningKeys(trx);
      return Number((await insert(trx)).numAffectedRows ?? 0n) > 0;
    });
  }

  async insert(key: SigningKeyRecord): Promise<void> {
    await this.db
      .insertInto('signing_keys')
      .values({
        kid: key.kid,
        alg: key.alg,
        status: key.status,
        public_jwk: JSON.stringify(key.publicJwk),
        private_encrypted: key.privateEncrypted,
        created: key.created,
        retired: key.retired,
      })
      .execute();
  }

  async list(): Promise<SigningKeyRecord[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().orderBy('created', 'desc').orderBy('kid').execute();
    return rows.map((row) => ({
      kid: row.kid,
      alg: 'RS256',
      status: row.status === 'ACTIVE' ? 'ACTIVE' : 'RETIRED',
      publicJwk: parseObject(row.public_jwk),
      privateEncrypted: row.private_encrypted,
      created: row.created,
      retired: row.retired,
    }));
  }

  async retireActive(at: string): Promise<void> {
    // Rotations that run together (`tessera keys rotate` twice, on PostgreSQL) are serialised by
    // the lock, held to the end of the rotation's transaction: the second one's update then sees
    // and retires the first one's new key, so one key stays active. SQLite serialises writers.
    if (this.dialect === 'postgres') await lockSigningKeys(this.db);
    await this.db.updateTable('signing_keys').set({ status: 'RETIRED', retired: at }).where('status', '=', 'ACTIVE').execute();
  }

  async purgeRetired(before: string): Promise<void> {
    await this.db.deleteFrom('signing_keys').where('status', '=', 'RETIRED').where('retired', '<', before).execute();
  }
}

export class KyselyReplayRepository implements ReplayRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async use(key: string, expires: string): Promise<boolean> {
    const insert = () =>
      this.db
        .insertInto('used_jtis')
        .values({ key, expires })
        .onConflict((oc) => oc.column('key').doNothing());
    const result = await this.db.executeQuery(compiledOnce(this.dialect, 'used_jtis.use', insert, [key, expires]));
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  async revokeToken(jti: string, expires: string): Promise<void> {
    await this.db
      .insertInto('revoked_tokens')
      .values({ jti, expires })
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  }

  async isTokenRevoked(jti: string): Promise<boolean> {
    const row = await this.db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
    return row !== undefined;
  }

  async purge(now: string): Promise<void> {
    await this.db.deleteFrom('used_jtis').where('expires', '<', now).execute();
    await this.db.deleteFrom('revoked_tokens').where('expires', '<', now).execute();
  }
}
