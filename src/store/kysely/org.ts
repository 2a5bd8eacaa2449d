/** OrgRepository: the single org row. */
import type { Kysely } from 'kysely';
import type { OrgRecord } from '../records.js';
import type { Database } from '../schema.js';
import type { OrgRepository } from '../store.js';

export class KyselyOrgRepository implements OrgRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(): Promise<OrgRecord | undefined> {
    const row = await this.db.selectFrom('org').selectAll().executeTakeFirst();
    return row === undefined ? undefined : { id: row.id, created: row.created, tokenWindow: row.token_window };
  }

  async ensure(org: OrgRecord): Promise<OrgRecord> {
    await this.db
      .insertInto('org')
      .values({ id: org.id, created: org.created, token_window: org.tokenWindow })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const existing = await this.get();
    return existing ?? org;
  }
}
