/** Runs the migrations a test has rolled back (dropped its tables, removed its row) once more. */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest, tesseraMigrator } from '../../src/store/database.js';
import type { TestApp } from './test-app.js';

/**
 * Forgets that `name` ran, then migrates to the latest: `name` alone runs again, out of order.
 * With the server's own migrator and retry (src/store/database.ts): on PostgreSQL, a schema
 * that another test run drops meanwhile fails Kysely's introspection, and nothing has run then.
 */
export async function rerunMigration(t: TestApp, name: string): Promise<void> {
  const db = t.database.db;
  const schema = t.database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema : undefined;
  await sql`DELETE FROM tessera_migrations WHERE name = ${name}`.execute(db);
  // Later migrations have already run.
  const { error } = await migrateToLatest(tesseraMigrator(db, t.database.dialect, { schema, allowUnorderedMigrations: true }));
  assert.equal(error, undefined);
}
