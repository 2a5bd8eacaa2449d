/**
 * Sign-in tables: browser/API sessions, one-time session tokens, sign-in failure
 * state (lockout), authorization codes and refresh tokens. Every secret is stored as a SHA-256
 * digest only. Frozen.
 */
import type { Kysely } from 'kysely';

export function signInMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        /** SHA-256 of the cookie secret (the `sid` cookie value is never stored). */
        .addColumn('cookie_digest', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('amr', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .addColumn('last_password_verification', 'text')
        .addColumn('revoked', 'text')
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'id']).execute();

      await db.schema
        .createTable('session_tokens')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'text', (c) => c.notNull())
        .addColumn('amr', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .addColumn('used', 'text')
        .execute();

      await db.schema
        .createTable('sign_in_state')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('failed_attempts', 'integer', (c) => c.notNull())
        .addColumn('last_failure', 'text')
        .addColumn('locked_until', 'text')
        .execute();

      await db.schema
        .createTable('authorization_codes')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text')
        .addColumn('code_challenge', 'text')
        .addColumn('session_id', 'text')
        .addColumn('auth_time', 'text', (c) => c.notNull())
        .addColumn('amr', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .addColumn('used', 'text')
        /** What the code's redemption issued, revoked if the code is replayed (RFC 6749 §4.1.2). */
        .addColumn('issued_access_token', 'text')
        .addColumn('issued_family', 'text')
        .execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('family_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        /** Absolute expiry of the family (rotation keeps it). */
        .addColumn('expires', 'text', (c) => c.notNull())
        /** Set when rotated out; the successor may still be handed out again within the leeway. */
        .addColumn('rotated', 'text')
        .addColumn('successor_digest', 'text')
        .addColumn('revoked', 'text')
        .addColumn('dpop_jkt', 'text')
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
      await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').columns(['user_id', 'client_id']).execute();
    },
    async down(): Promise<void> {
      throw new Error('sign-in migration is not reversible');
    },
  };
}
