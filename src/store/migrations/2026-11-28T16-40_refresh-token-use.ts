/**
 * Refresh tokens, second step: `last_used` for a per-app idle window (a STATIC token
 * is presented again and again, so its row's `created` says nothing about idleness), and `amr`
 * so that an ID token minted on refresh repeats how the user authenticated (OpenID Connect
 * Core §12.2: the refreshed ID token keeps the original `auth_time` and `amr`). Frozen.
 */
import type { Kysely } from 'kysely';

export function refreshTokenUseMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('refresh_tokens').addColumn('last_used', 'text').execute();
      await db.schema.alterTable('refresh_tokens').addColumn('amr', 'text').execute();
      await db.schema.createIndex('authorization_codes_expires').on('authorization_codes').column('expires').execute();
    },
    async down(): Promise<void> {
      throw new Error('refresh-token-use migration is not reversible');
    },
  };
}
