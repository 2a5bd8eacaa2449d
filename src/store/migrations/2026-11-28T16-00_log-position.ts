/**
 * System Log pagination in commit order: `log_events.position`.
 *
 * Why not `seq`: a PostgreSQL `bigserial` is drawn when the row is inserted, not when its
 * transaction commits. Transaction A can take seq 10, B seq 11, B commits, a reader pages past
 * 11, then A commits: seq 10 appears behind the reader's cursor and is never seen.
 *
 * `position` is drawn at commit time instead. On PostgreSQL a deferred constraint trigger runs
 * in each writing transaction's commit phase, takes a transaction-scoped advisory lock (one per
 * schema), and numbers the transaction's rows from a sequence. The lock is released only after
 * the commit is visible (PostgreSQL releases locks after ProcArrayEndTransaction), so the next
 * writer draws its numbers only once every smaller number is visible: the visible positions are
 * always a prefix, and a cursor on `position` can neither skip nor repeat. The lock is held only
 * for the commit tail and is taken last, so it cannot join a deadlock cycle.
 *
 * On SQLite there is one writer at a time (the database write lock is held from the first write
 * to the commit), so insertion order is commit order and `position` is simply `seq`.
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function logPositionMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect === 'sqlite') {
        await sql`ALTER TABLE log_events ADD COLUMN position integer`.execute(db);
        await sql`UPDATE log_events SET position = seq`.execute(db);
        await sql`CREATE UNIQUE INDEX log_events_position ON log_events (position)`.execute(db);
        await sql`CREATE TRIGGER log_events_position AFTER INSERT ON log_events
          BEGIN UPDATE log_events SET position = NEW.seq WHERE seq = NEW.seq; END`.execute(db);
        return;
      }
      await sql`ALTER TABLE log_events ADD COLUMN position bigint`.execute(db);
      await sql`UPDATE log_events SET position = seq`.execute(db);
      await sql`CREATE UNIQUE INDEX log_events_position ON log_events (position)`.execute(db);
      await sql`CREATE SEQUENCE log_events_position_seq`.execute(db);
      await sql`SELECT setval('log_events_position_seq', coalesce((SELECT max(seq) FROM log_events), 0) + 1, false)`.execute(db);
      // The lock key is per schema, so that two Tessera schemas in one database do not queue
      // behind each other (the tests run one schema each).
      await sql`CREATE FUNCTION log_events_assign_position() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_advisory_xact_lock(hashtextextended('tessera.log_events.position.' || TG_TABLE_SCHEMA, 0));
          EXECUTE format('UPDATE %I.log_events SET position = nextval(%L) WHERE seq = $1',
                         TG_TABLE_SCHEMA, quote_ident(TG_TABLE_SCHEMA) || '.log_events_position_seq')
            USING NEW.seq;
          RETURN NULL;
        END
      $$`.execute(db);
      await sql`CREATE CONSTRAINT TRIGGER log_events_position AFTER INSERT ON log_events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION log_events_assign_position()`.execute(db);
    },
    async down(): Promise<void> {
      throw new Error('log position migration is not reversible');
    },
  };
}
