/**
 * Opens the database named by DATABASE_URL (SQLite file, SQLite in memory, or PostgreSQL),
 * and runs the migrations. Everything dialect-specific about connecting lives here.
 */
import { inspect } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import type { Dialect } from './dialect.js';
import { migrationProvider, RENAMED } from './migrations/index.js';
import type { ChangeMarker } from './change-marker.js';
import { SqliteChangeMarker } from './sqlite-change-marker.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';
import { prepareSqliteFiles } from './sqlite-files.js';
import { cachingSqlite } from './sqlite-statement-cache.js';
import { failClosed } from './fail-closed.js';

export type { Dialect } from './dialect.js';

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** SQLite only: moves on every write that may change a read (change-marker.ts). */
  readonly changes: ChangeMarker | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL: run in this schema (created if missing). Tests use one schema per run. */
  readonly schema?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
}

// bigint (int8) columns such as log_events.seq: JavaScript numbers are exact up to 2^53.
pg.types.setTypeParser(20, (value) => Number(value));

function sqlitePath(url: string): string {
  const path = url.slice('sqlite:'.length);
  return path === '' ? ':memory:' : path;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<OpenDatabase> {
  if (url.startsWith('sqlite:')) {
    const path = sqlitePath(url);
    // Owner-only folder and files, before SQLite creates or writes anything (sqlite-files.ts).
    if (path !== ':memory:') prepareSqliteFiles(path);
    const sqlite = new BetterSqlite3(path);
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes (SIGKILL).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const changes = new SqliteChangeMarker(sqlite);
    const db = new Kysely<Database>({ dialect: failClosed(new SqliteDialect({ database: cachingSqlite(sqlite, changes) })) });
    let checkpointer: Checkpointer | undefined;
    const close = async () => {
      await checkpointer?.stop();
      await db.destroy();
    };
    const open: OpenDatabase = { db, dialect: 'sqlite', changes, close };
    await migrate(open);
    if (path !== ':memory:') {
      // Checkpoints run on a worker thread (sqlite-checkpointer.ts); this connection's own
      // automatic checkpoint is only a backstop (10,000 pages, 40 MiB), and the log file is
      // cut back to 64 MiB when it restarts.
      sqlite.pragma('wal_autocheckpoint = 10000');
      sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
      checkpointer = startCheckpointer(path);
    }
    return open;
  }
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // A lost connection must not crash the process; the next query reconnects. An idle client's
  // error reaches the pool; a client in use emits it on itself too, after failing its query (the
  // request then answers 503), and an 'error' event without a listener would be thrown.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<Database>({ dialect: failClosed(new PostgresDialect({ pool })) });
  const open: OpenDatabase = { db, dialect: 'postgres', changes: undefined, close: () => db.destroy() };
  await migrate(open, schema);
  return open;
}

/** Applies RENAMED to a database migrated before a rename; nothing to do on a new one (no table yet). */
async function renameLandedMigrations(db: Kysely<Database>): Promise<void> {
  for (const [from, to] of RENAMED) {
    try {
      await sql`UPDATE tessera_migrations SET name = ${to} WHERE name = ${from}`.execute(db);
    } catch (error) {
      if (error instanceof Error && /no such table|does not exist/.test(error.message)) return;
      throw error;
    }
  }
}

async function migrate(open: OpenDatabase, schema?: string): Promise<void> {
  await renameLandedMigrations(open.db);
  const { error, results } = await migrateToLatest(tesseraMigrator(open.db, open.dialect, { schema }));
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : inspect(error)}`);
  }
}

export interface MigratorOptions {
  /** PostgreSQL: the schema the tables live in (the `search_path` of the pool). */
  readonly schema?: string | undefined;
  /** Run a migration older than the latest one applied (a test running again one it rolled back). */
  readonly allowUnorderedMigrations?: boolean;
}

/** Kysely's migrator over Tessera's migrations and its bookkeeping tables. */
export function tesseraMigrator(db: Kysely<Database>, dialect: Dialect, options: MigratorOptions = {}): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider(dialect),
    migrationTableName: 'tessera_migrations',
    migrationLockTableName: 'tessera_migrations_lock',
    // Kysely checks that its tables exist across *all* schemas unless told which one: without this,
    // another schema's tables (a concurrent test run) make it skip creating ours and fail.
    ...(options.schema !== undefined ? { migrationTableSchema: options.schema } : {}),
    ...(options.allowUnorderedMigrations === true ? { allowUnorderedMigrations: true } : {}),
  });
}

/** `migrator.migrateToLatest()`, tried again while it fails on a schema that vanished under it. */
export async function migrateToLatest(migrator: Migrator): Promise<MigrationResultSet> {
  let outcome = await migrator.migrateToLatest();
  // Kysely's PostgreSQL introspection reads every schema of the database (pg_get_serial_sequence per
  // column); a schema dropped at that moment by someone else (concurrent test runs) fails the read.
  // Nothing was applied then (the lock is taken after the check), so it is safe to try again.
  for (let attempt = 1; attempt < 5 && outcome.error !== undefined && isVanishedSchema(outcome.error); attempt += 1) {
    outcome = await migrator.migrateToLatest();
  }
  return outcome;
}

function isVanishedSchema(error: unknown): boolean {
  return error instanceof Error && /schema "[^"]*" does not exist|relation "[^"]*" does not exist/.test(error.message);
}
