/**
 * API-token rotation with a grace period and idle-expiry warnings: `retires_at`, the end of a
 * rotated token's grace period, and `expiry_warned_for`, the idle expiry last warned of.
 *
 * Frozen once landed.
 */
import type { Kysely } from 'kysely';

export function apiTokenRotationMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('api_tokens').addColumn('retires_at', 'text').execute();
      await db.schema.alterTable('api_tokens').addColumn('expiry_warned_for', 'text').execute();
    },
  };
}
