/**
 * Usage of the Management API's credentials (store/usage-store.ts): `credential_usage`, one row
 * per node, credential, UTC day, endpoint, via and outcome, which its node adds to; and
 * `credential_last_use`, one row per credential.
 *
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';

export function credentialUsageMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('credential_usage')
        .addColumn('node_id', 'text', (c) => c.notNull())
        .addColumn('credential_type', 'text', (c) => c.notNull())
        .addColumn('credential_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('permission', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('requests', 'bigint', (c) => c.notNull())
        .addColumn('last_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('credential_usage_pk', ['credential_type', 'credential_id', 'day', 'method', 'route', 'via', 'outcome', 'node_id'])
        .execute();
      await db.schema.createIndex('credential_usage_day').on('credential_usage').column('day').execute();
      await db.schema
        .createTable('credential_last_use')
        .addColumn('credential_type', 'text', (c) => c.notNull())
        .addColumn('credential_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('ip_address', 'text')
        .addColumn('user_agent', 'text')
        .addPrimaryKeyConstraint('credential_last_use_pk', ['credential_type', 'credential_id'])
        .execute();
    },
  };
}
