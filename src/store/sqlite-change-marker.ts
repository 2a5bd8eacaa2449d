/**
 * The SQLite change marker: this connection's writes are counted as they run (the statement
 * cache reports every statement that may write), and commits of other connections (the CLI, a
 * second process on the same file) show as a new `PRAGMA data_version`, which SQLite keeps
 * unchanged for a connection's own commits (sqlite.org/pragma.html#pragma_data_version).
 * Appending to the System Log and recording a spent `jti` (client assertions, DPoP proofs) are
 * not counted: no cached read depends on them, and every write request appends to the log, every
 * token request spends a `jti`. (Purging `used_jtis` counts; nothing depends on that either, but
 * it is rare.) Nor do the event hook delivery worker's writes (the scan cursor, deliveries and
 * their attempts): no kept read depends on them, and a node delivering events writes them every
 * few seconds. Changes of the hooks themselves count, like any other.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ChangeMarker } from './change-marker.js';

export class SqliteChangeMarker implements ChangeMarker {
  private writes = 0;
  private seenVersion: unknown;
  private readonly version: BetterSqlite3.Statement;

  constructor(database: BetterSqlite3.Database) {
    this.version = database.prepare('PRAGMA data_version').pluck();
    this.seenVersion = this.version.get();
  }

  /** A statement of this connection that may write has run (or failed: it counts all the same). */
  wrote(): void {
    this.writes++;
  }

  current(): number {
    const version = this.version.get();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.writes++;
    }
    return this.writes;
  }
}

/** Writes that no cached read depends on. */
export function affectsReads(sql: string): boolean {
  return !/^insert into "(?:log_event(?:s|_targets)|used_jtis)"/.test(sql) && !DELIVERY_WRITE.test(sql);
}

/** The worker's writes; a lease is claimed by an UPDATE behind a `WITH "due"` of the same table. */
const DELIVERY_WRITE =
  /^(?:with "due" as materialized \(select "id" from "event_hook_deliveries" [^;]*\) )?(?:insert into|update|delete from) "event_hook_(?:cursor|deliveries|delivery_attempts)"/;
