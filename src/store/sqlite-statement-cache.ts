/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running the
 * indexed look-ups of a hot request. This wrapper keeps prepared statements by SQL text (the
 * parameters are bound at run time, so the text is a safe key), bounded, oldest out first.
 * SQLite re-prepares a cached statement by itself when the schema changes.
 *
 * With a change marker, statements that may write report each run to it (see
 * sqlite-change-marker.ts); read-only ones run untouched.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { affectsReads, type SqliteChangeMarker } from './sqlite-change-marker.js';

/** A writing statement that tells the marker each time it runs. */
function reporting(statement: BetterSqlite3.Statement, marker: SqliteChangeMarker): SqliteStatement {
  return {
    reader: statement.reader,
    all(parameters: readonly unknown[]): unknown[] {
      try {
        return statement.all(parameters);
      } finally {
        marker.wrote();
      }
    },
    run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint } {
      try {
        return statement.run(parameters);
      } finally {
        marker.wrote();
      }
    },
    iterate(parameters: readonly unknown[]): IterableIterator<unknown> {
      marker.wrote();
      return statement.iterate(parameters);
    },
  };
}

export function cachingSqlite(database: BetterSqlite3.Database, marker?: SqliteChangeMarker, maxStatements = 500): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close(): void {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        const prepared = database.prepare(sql);
        statement = marker !== undefined && !prepared.readonly && affectsReads(sql) ? reporting(prepared, marker) : prepared;
        if (statements.size >= maxStatements) {
          const oldest = statements.keys().next();
          if (oldest.done !== true) statements.delete(oldest.value);
        }
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
