/**
 * OAuth tables: OIDC apps and their keys, scope grants, the authorization server's
 * signing keys (private parts encrypted), single-use JWT ids, and revoked access tokens. Frozen.
 */
import type { Kysely } from 'kysely';

export function oauthMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('apps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sign_on_mode', 'text', (c) => c.notNull())
        .addColumn('token_endpoint_auth_method', 'text', (c) => c.notNull())
        .addColumn('application_type', 'text', (c) => c.notNull())
        /** `settings.oauthClient` and the rest of the app as JSON. */
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('client_secret_digest', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('apps_label').on('apps').columns(['label', 'id']).execute();

      await db.schema
        .createTable('app_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
        .addColumn('kid', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('jwk', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addUniqueConstraint('app_keys_kid', ['app_id', 'kid'])
        .execute();

      await db.schema
        .createTable('app_grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('app_id', 'text', (c) => c.notNull().references('apps.id').onDelete('cascade'))
        .addColumn('scope_id', 'text', (c) => c.notNull())
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addUniqueConstraint('app_grants_scope', ['app_id', 'scope_id'])
        .execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        /** AES-256-GCM under a key derived from the master key: iv.tag.ciphertext, base64url. */
        .addColumn('private_encrypted', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('retired', 'text')
        .execute();

      await db.schema
        .createTable('used_jtis')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('expires', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('used_jtis_expires').on('used_jtis').column('expires').execute();

      await db.schema
        .createTable('revoked_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('expires', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('revoked_tokens_expires').on('revoked_tokens').column('expires').execute();
    },
    async down(): Promise<void> {
      throw new Error('oauth migration is not reversible');
    },
  };
}
