/**
 * A cheaper System Log append: fewer B-trees touched per event, same reads.
 *
 * - `log_event_targets_seq` is dropped (both dialects). No query reads the targets by `seq`
 *   alone: the `target.id` filter looks rows up by `target_id` (with `seq`), which
 *   `log_event_targets_target` covers, and nothing deletes by `seq`.
 * - SQLite: `position` was a copy of `seq` (one writer at a time, so insertion order is commit
 *   order; see 2026-11-28T16-00_log-position.ts), kept by an AFTER INSERT trigger that rewrote
 *   every new row and a unique index beside the rowid. The repository now reads `seq` as the
 *   position on SQLite, so the trigger, the index and the column go. The cursor values do not
 *   change (they were equal to `seq`), so a `next` link handed out before the upgrade still
 *   points at the same event.
 * - SQLite: `log_event_targets` becomes a WITHOUT ROWID table keyed on (target_id, seq): one
 *   B-tree instead of a rowid table and its index. A target is recorded once per event (the
 *   repository de-duplicates), so the key is unique.
 *
 * PostgreSQL keeps `position` (drawn at commit time: there it differs from `seq`).
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function logAppendMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'postgres') {
        await sql`DROP INDEX log_event_targets_seq`.execute(db);
        return;
      }
      await sql`DROP TRIGGER log_events_position`.execute(db);
      await sql`DROP INDEX log_events_position`.execute(db);
      await sql`ALTER TABLE log_events DROP COLUMN position`.execute(db);
      await sql`CREATE TABLE log_event_targets_keyed (
        target_id text NOT NULL,
        seq bigint NOT NULL,
        PRIMARY KEY (target_id, seq)
      ) WITHOUT ROWID`.execute(db);
      await sql`INSERT OR IGNORE INTO log_event_targets_keyed (target_id, seq) SELECT target_id, seq FROM log_event_targets`.execute(db);
      await sql`DROP TABLE log_event_targets`.execute(db);
      await sql`ALTER TABLE log_event_targets_keyed RENAME TO log_event_targets`.execute(db);
    },
    async down(): Promise<void> {
      throw new Error('log append migration is not reversible');
    },
  };
}
