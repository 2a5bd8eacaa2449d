/**
 * The store's one failure sentinel: driver errors that mean "the database cannot answer" leave
 * as StoreUnavailable from every step (pool checkout, query, transaction), others unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type Dialect, type Driver } from 'kysely';
import { failClosed } from './fail-closed.js';
import { StoreUnavailable } from './store.js';

function driverError(code: string): Error {
  return Object.assign(new Error(`driver said ${code}`), { code });
}

/** A dialect whose every step fails with `fail(step)` (or succeeds when it returns undefined). */
function failingDialect(fail: (step: string) => Error | undefined): Dialect {
  const step = async (name: string): Promise<void> => {
    const error = fail(name);
    if (error !== undefined) throw error;
  };
  const connection: DatabaseConnection = {
    async executeQuery() {
      await step('query');
      return { rows: [] };
    },
    // eslint-disable-next-line require-yield -- a stream that fails before its first row
    async *streamQuery() {
      await step('stream');
    },
  };
  const driver: Driver = {
    init: () => step('init'),
    acquireConnection: async () => {
      await step('acquire');
      return connection;
    },
    beginTransaction: () => step('begin'),
    commitTransaction: () => step('commit'),
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  return {
    createDriver: () => driver,
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    createIntrospector: (db) => new SqliteIntrospector(db),
  };
}

const query = CompiledQuery.raw('select 1');

describe('the store fails closed with StoreUnavailable', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'ECONNREFUSED', '57P01', '53300']) {
    it(`${code} on a query`, async () => {
      const db = new Kysely({ dialect: failClosed(failingDialect((s) => (s === 'query' ? driverError(code) : undefined))) });
      await assert.rejects(db.executeQuery(query), (error: unknown) => error instanceof StoreUnavailable && error.cause instanceof Error);
    });
  }

  it('on a pool checkout, a BEGIN and a COMMIT', async () => {
    for (const failing of ['acquire', 'begin', 'commit']) {
      const db = new Kysely({ dialect: failClosed(failingDialect((s) => (s === failing ? driverError('ECONNRESET') : undefined))) });
      await assert.rejects(
        db.transaction().execute((tx) => tx.executeQuery(query)),
        StoreUnavailable,
        failing,
      );
    }
  });

  it('on a message-only connection loss (pg "Connection terminated")', async () => {
    const db = new Kysely({ dialect: failClosed(failingDialect((s) => (s === 'query' ? new Error('Connection terminated unexpectedly') : undefined))) });
    await assert.rejects(db.executeQuery(query), StoreUnavailable);
  });

  it('leaves every other error as it is: constraint violations, and the caller’s own errors inside a transaction', async () => {
    const unique = driverError('SQLITE_CONSTRAINT_UNIQUE');
    const db = new Kysely({ dialect: failClosed(failingDialect((s) => (s === 'query' ? unique : undefined))) });
    await assert.rejects(db.executeQuery(query), (error: unknown) => error === unique);
    const fine = new Kysely({ dialect: failClosed(failingDialect(() => undefined)) });
    const own = new Error('refused by the domain');
    await assert.rejects(
      fine.transaction().execute(async () => {
        throw own;
      }),
      (error: unknown) => error === own,
    );
  });
});
