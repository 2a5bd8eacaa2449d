/** Runs the migrations a test has rolled back (dropped its tables, removed its row) once more. */
import assert from 'node:assert/strict';
import { Migrator, sql } from 'kysely';
import { migrationProvider } from '../../src/store/migrations/index.js';
import type { TestApp } from './test-app.js';

/** Forgets that `name` ran, then migrates to the latest: `name` alone runs again, out of order. */
export async function rerunMigration(t: TestApp, name: string): Promise<void> {
  const db = t.database.db;
  const schema = t.database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  await sql`DELETE FROM tessera_migrations WHERE name = ${name}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: migrationProvider(t.database.dialect),
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
    // Later migrations have already run.
    allowUnorderedMigrations: true,
  });
  const { error } = await migrator.migrateToLatest();
  assert.equal(error, undefined);
}
