/**
 * Network zones (Okta's `/api/v1/zones`, IP zones): one row per zone, its gateways and proxies as
 * JSON arrays of `{type, value}`, its name unique under the same folding as group names. API
 * tokens already keep their network condition as JSON in `api_tokens.network`; the zones it
 * names are found by their ids there (zone ids are base-62, so a quoted id matches only itself).
 *
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';

export function networkZonesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('network_zones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('usage', 'text', (c) => c.notNull())
        .addColumn('gateways', 'text', (c) => c.notNull())
        .addColumn('proxies', 'text', (c) => c.notNull())
        .addColumn('system', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
