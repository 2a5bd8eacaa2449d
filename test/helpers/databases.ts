/**
 * The storage matrix for tests: every storage-touching suite runs on SQLite and on PostgreSQL
 * (TEST_DATABASE_URL, default the machine's postgres://postgres@127.0.0.1:5432/test), each run in
 * a schema of its own that is dropped at the end. Without PostgreSQL a contributor gets one line
 * saying that half was not run; in CI (TESSERA_REQUIRE_POSTGRES=1) that is a failure.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, type OpenDatabase } from '../../src/store/database.js';
import { dropSchema as dropSchemaAt, probePostgres } from '../fixtures/postgres.js';

export type StoreKind = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;

async function postgresReachable(): Promise<boolean> {
  const error = await probePostgres(POSTGRES_URL);
  if (error === undefined) return true;
  if (process.env['TESSERA_REQUIRE_POSTGRES'] === '1') {
    throw new Error(`PostgreSQL is required (TESSERA_REQUIRE_POSTGRES=1) but ${POSTGRES_URL} is unreachable: ${String(error)}`, { cause: error });
  }
  console.log(`# PostgreSQL at ${POSTGRES_URL} is unreachable: the PostgreSQL half of this suite was not run.`);
  return false;
}

/** The store kinds to run a suite on. */
export async function storeKinds(): Promise<StoreKind[]> {
  reachable ??= postgresReachable();
  return (await reachable) ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestDatabase extends OpenDatabase {
  readonly kind: StoreKind;
  /** Closes the connection and drops the PostgreSQL schema. */
  dispose(): Promise<void>;
}

/** Drops a test's PostgreSQL schema, through a connection of its own to POSTGRES_URL. */
export function dropSchema(schema: string): Promise<void> {
  return dropSchemaAt(POSTGRES_URL, schema);
}

/**
 * `sqliteFile`: a SQLite file instead of memory, for tests that open a second connection to it.
 * `postgresUrl`: where the server's pool connects (a proxy in front of POSTGRES_URL, say); the
 * schema is still dropped through POSTGRES_URL.
 */
export async function openTestDatabase(kind: StoreKind, sqliteFile?: string, postgresUrl = POSTGRES_URL): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const open = await openDatabase(`sqlite:${sqliteFile ?? ':memory:'}`);
    return { ...open, kind, dispose: () => open.close() };
  }
  const schema = 't_' + randomBytes(6).toString('hex');
  const open = await openDatabase(postgresUrl, { schema, poolSize: 5 });
  return {
    ...open,
    kind,
    dispose: async () => {
      await open.close();
      await dropSchema(schema);
    },
  };
}
