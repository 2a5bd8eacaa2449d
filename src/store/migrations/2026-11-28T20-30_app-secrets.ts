/**
 * Client secrets move from a column of `apps` to a table of their own, `app_secrets`, so that an
 * app may hold two at once (Okta's `/api/v1/apps/{appId}/credentials/secrets`: a new secret is
 * added, clients move to it, the old one is deactivated, then deleted). Each app's current digest
 * becomes one ACTIVE secret, dated with the app's last update; then the column goes.
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import { newId } from '../../crypto/random-id.js';

interface AppWithSecret {
  readonly id: string;
  readonly digest: string;
  readonly last_updated: string;
}

export function appSecretsMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('app_secrets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('app_secrets_app').on('app_secrets').columns(['app_id', 'created']).execute();
      const { rows } =
        await sql<AppWithSecret>`SELECT id, client_secret_digest AS digest, last_updated FROM apps WHERE client_secret_digest IS NOT NULL`.execute(db);
      for (const app of rows) {
        await sql`INSERT INTO app_secrets (id, app_id, digest, status, created, last_updated)
          VALUES (${newId('appSecret')}, ${app.id}, ${app.digest}, 'ACTIVE', ${app.last_updated}, ${app.last_updated})`.execute(db);
      }
      await sql`ALTER TABLE apps DROP COLUMN client_secret_digest`.execute(db);
    },
  };
}
