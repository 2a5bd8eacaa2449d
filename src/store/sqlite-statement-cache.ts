/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running the
 * indexed look-ups of a hot request. This wrapper keeps prepared statements by SQL text (the
 * parameters are bound at run time, so the text is a safe key), bounded, oldest out first.
 * SQLite re-prepares a cached statement by itself when the schema changes.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function cachingSqlite(database: BetterSqlite3.Database, maxStatements = 500): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close(): void {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
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
