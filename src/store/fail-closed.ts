/**
 * The store fails closed with one sentinel: every error of the driver that means "the database
 * cannot answer now" (a lost or refused connection, an exhausted pool, a database shutting down,
 * SQLite's BUSY, IOERR and FULL) leaves the store as `StoreUnavailable`, whichever query, pool
 * checkout or transaction step raised it. The edges map that one class to 503; nothing outside
 * `src/store/` looks at driver codes or messages. Other errors (constraint violations, which the
 * repositories turn into `UniqueViolation`, and the callers' own errors thrown inside a
 * transaction) pass through unchanged.
 */
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';
import { isUnavailable } from './kysely/sql-errors.js';
import { StoreUnavailable } from './store.js';

function translated(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isUnavailable(error)) return error;
  return new StoreUnavailable(error instanceof Error ? error.message : String(error), { cause: error });
}

/** A connection of the inner driver, kept so that the inner driver gets its own object back. */
class FailClosedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  // Kysely's SQLite connection throws synchronously; an async function turns that into a rejection too.
  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      throw translated(error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw translated(error);
    }
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof FailClosedConnection ? connection.inner : connection;
}

async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw translated(error);
  }
}

class FailClosedDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return guarded(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new FailClosedConnection(await guarded(() => this.inner.acquireConnection()));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return guarded(() => this.inner.beginTransaction(innerOf(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(() => this.inner.commitTransaction(innerOf(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return guarded(() => this.inner.rollbackTransaction(innerOf(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** `dialect` with every driver error that means "unavailable" turned into StoreUnavailable. */
export function failClosed(dialect: Dialect): Dialect {
  return {
    createDriver: () => new FailClosedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
