/**
 * Event hooks (Okta `/api/v1/eventHooks`) and their deliveries.
 *
 * - `event_hooks`: the hooks; the name is unique after NFKC + case folding (`name_key`), and the
 *   auth header's value is kept encrypted under the master key (`auth_value_sealed`);
 *   `deliver_after` is the log position past which its events are delivered.
 * - `event_hook_cursor`: one row, the System Log position the delivery scan has read through. It
 *   starts at the log's high water now, so that the events logged before hooks existed are never
 *   scanned (none could have a hook).
 * - `event_hook_deliveries`: one row per hook per batch of events (the events as sent, and a
 *   summary of them for lists), with its lease (`lease_token`, `lease_until`) and next attempt;
 *   `seq` orders a hook's deliveries for listing.
 * - `event_hook_delivery_attempts`: one row per attempt (time, duration, status or error).
 *
 * Deliveries go with their hook and attempts with their delivery (ON DELETE CASCADE).
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function eventHooksMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('event_hooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('verification_status', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('uri', 'text', (c) => c.notNull())
        .addColumn('headers', 'text', (c) => c.notNull())
        .addColumn('auth_key', 'text')
        .addColumn('auth_value_sealed', 'text')
        .addColumn('deliver_after', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addUniqueConstraint('event_hooks_name', ['name_key'])
        .execute();
      await db.schema.createIndex('event_hooks_created').on('event_hooks').columns(['created', 'id']).execute();

      await db.schema
        .createTable('event_hook_cursor')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .execute();
      // The System Log's commit-order column: `position` on PostgreSQL, `seq` on SQLite (2026-11-28T17-50).
      const high = dialect === 'postgres' ? sql`coalesce(max(position), 0)` : sql`coalesce(max(seq), 0)`;
      await sql`INSERT INTO event_hook_cursor (id, position) SELECT 'system-log', ${high} FROM log_events`.execute(db);

      await db.schema
        .createTable('event_hook_deliveries')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('hook_id', 'text', (c) => c.notNull().references('event_hooks.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('event_count', 'integer', (c) => c.notNull())
        .addColumn('first_position', 'bigint', (c) => c.notNull())
        .addColumn('last_position', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text')
        .addColumn('lease_token', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_attempt_at', 'text')
        .addColumn('finished', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('event_hook_deliveries_due').on('event_hook_deliveries').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('event_hook_deliveries_hook').on('event_hook_deliveries').columns(['hook_id', 'seq']).execute();
      await db.schema.createIndex('event_hook_deliveries_created').on('event_hook_deliveries').columns(['created']).execute();

      await db.schema
        .createTable('event_hook_delivery_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('event_hook_deliveries.id').onDelete('cascade'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('event_hook_delivery_attempts_delivery').on('event_hook_delivery_attempts').columns(['delivery_id', 'attempt']).execute();
    },
    async down(): Promise<void> {
      throw new Error('event hooks migration is not reversible');
    },
  };
}
