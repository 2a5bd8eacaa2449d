/** OrgRepository: the single org row. */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.js';
import type { OrgRecord } from '../records.js';
import type { Database } from '../schema.js';
import type { OrgRepository } from '../store.js';

export class KyselyOrgRepository implements OrgRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async get(): Promise<OrgRecord | undefined> {
    // The first org made, should a database from before `ensure` was atomic hold more than one.
    const row = await this.db.selectFrom('org').selectAll().orderBy('created').orderBy('id').limit(1).executeTakeFirst();
    return row === undefined ? undefined : { id: row.id, created: row.created, tokenWindow: row.token_window };
  }

  async ensure(org: OrgRecord): Promise<OrgRecord> {
    // Nodes starting together each offer an org with an id of their own, so a conflict on the id
    // cannot keep the second one out: the insert runs only while the table is empty. One
    // statement is atomic on SQLite (one writer at a time). On PostgreSQL two transactions could
    // both see no row, so it runs under a transaction-scoped advisory lock, one per schema (as
    // signing-keys.ts does for the first key): the second node waits, then sees the first's org.
    const insert = async (db: Kysely<Database>): Promise<void> => {
      if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtextextended('tessera.org.' || current_schema(), 0))`.execute(db);
      await sql`INSERT INTO org (id, created, token_window)
        SELECT ${org.id}, ${org.created}, ${org.tokenWindow} WHERE NOT EXISTS (SELECT 1 FROM org)`.execute(db);
    };
    if (this.dialect === 'sqlite' || this.db.isTransaction) await insert(this.db);
    else await this.db.transaction().execute(insert);
    const existing = await this.get();
    return existing ?? org;
  }
}
