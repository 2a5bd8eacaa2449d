/**
 * Databases for the benchmark: a SQLite file in a fresh temporary directory (what `npm start`
 * uses, not `:memory:`), or a PostgreSQL schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Dialect, type OpenDatabase } from '../src/store/database.js';
import { dropSchema, probePostgres } from '../test/fixtures/postgres.js';

export const BENCH_POSTGRES_URL = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase extends OpenDatabase {
  /** Human-readable engine and version, for the report. */
  readonly engine: string;
  /** The SQLite file, or the PostgreSQL schema. */
  readonly location: string;
  /** Closes the connections and deletes the file or drops the schema. */
  dispose(): Promise<void>;
}

export async function postgresReachable(): Promise<string | undefined> {
  const error = await probePostgres(BENCH_POSTGRES_URL);
  return error === undefined ? undefined : `PostgreSQL at ${BENCH_POSTGRES_URL} is unreachable (${error.message})`;
}

async function engineOf(open: OpenDatabase): Promise<string> {
  if (open.dialect === 'sqlite') {
    const row = await sql<{ v: string }>`select sqlite_version() as v`.execute(open.db);
    return `SQLite ${row.rows[0]?.v ?? '?'} (better-sqlite3, WAL, file)`;
  }
  const row = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(open.db);
  return `PostgreSQL ${row.rows[0]?.v ?? '?'}`;
}

export async function openBenchDatabase(dialect: Dialect, poolSize = 10): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-bench-'));
    const file = join(dir, 'tessera.db');
    const open = await openDatabase(`sqlite:${file}`).catch(async (error: unknown) => {
      await rm(dir, { recursive: true, force: true });
      throw error;
    });
    return {
      ...open,
      engine: await engineOf(open),
      location: file,
      dispose: async () => {
        await open.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  // Kysely's Migrator, given no migrationTableSchema, looks for its tables in every schema, so a
  // concurrent run in another schema can make it skip creating its lock table in ours
  // ("relation tessera_migrations_lock does not exist"). Retry in a fresh schema.
  for (let attempt = 1; ; attempt++) {
    const schema = 'bench_' + randomBytes(6).toString('hex');
    try {
      const open = await openDatabase(BENCH_POSTGRES_URL, { schema, poolSize });
      return { ...open, engine: await engineOf(open), location: schema, dispose: () => disposeSchema(open, schema) };
    } catch (error) {
      await dropSchema(BENCH_POSTGRES_URL, schema);
      if (attempt >= 5 || !(error instanceof Error) || !error.message.includes('tessera_migrations')) throw error;
    }
  }
}

async function disposeSchema(open: OpenDatabase, schema: string): Promise<void> {
  await open.close();
  await dropSchema(BENCH_POSTGRES_URL, schema);
}
