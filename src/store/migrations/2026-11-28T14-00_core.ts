/**
 * Core tables (users, groups, roles, API tokens, system log). Frozen: later
 * changes come as new migrations.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function coreMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('org')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('token_window', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('login', 'text', (c) => c.notNull())
        .addColumn('login_key', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('activated', 'text')
        .addColumn('status_changed', 'text')
        .addColumn('last_login', 'text')
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addColumn('password_changed', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_status_id').on('users').columns(['status', 'id']).execute();
      await db.schema.createIndex('users_last_updated_id').on('users').columns(['last_updated', 'id']).execute();
      await db.schema.createIndex('users_email').on('users').column('email').execute();
      await db.schema.createIndex('users_first_name').on('users').column('first_name').execute();
      await db.schema.createIndex('users_last_name').on('users').column('last_name').execute();

      await db.schema
        .createTable('groups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addColumn('last_membership_updated', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('groups_last_updated_id').on('groups').columns(['last_updated', 'id']).execute();

      await db.schema
        .createTable('group_members')
        .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
        .execute();
      await db.schema.createIndex('group_members_user').on('group_members').columns(['user_id', 'group_id']).execute();

      await db.schema
        .createTable('role_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('principal_type', 'text', (c) => c.notNull())
        .addColumn('principal_id', 'text', (c) => c.notNull())
        .addColumn('role_type', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addUniqueConstraint('role_assignments_unique', ['principal_type', 'principal_id', 'role_type'])
        .execute();
      await db.schema.createIndex('role_assignments_role').on('role_assignments').columns(['role_type', 'principal_type']).execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('token_digest', 'text', (c) => c.notNull().unique())
        .addColumn('client_name', 'text', (c) => c.notNull())
        .addColumn('token_window', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('created', 'text', (c) => c.notNull())
        .addColumn('last_updated', 'text', (c) => c.notNull())
        .addColumn('last_used', 'text', (c) => c.notNull())
        .addColumn('revoked', 'text')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'id']).execute();

      await db.schema
        .createTable('log_events')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('uuid', 'text', (c) => c.notNull().unique())
        .addColumn('published', 'text', (c) => c.notNull())
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('display_message', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('outcome_result', 'text', (c) => c.notNull())
        .addColumn('request_api_token_id', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('log_events_published').on('log_events').columns(['published', 'seq']).execute();
      await db.schema.createIndex('log_events_type').on('log_events').columns(['event_type', 'seq']).execute();
      await db.schema.createIndex('log_events_actor').on('log_events').columns(['actor_id', 'seq']).execute();
      await db.schema.createIndex('log_events_token').on('log_events').columns(['request_api_token_id', 'seq']).execute();

      await db.schema
        .createTable('log_event_targets')
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('log_event_targets_target').on('log_event_targets').columns(['target_id', 'seq']).execute();
      await db.schema.createIndex('log_event_targets_seq').on('log_event_targets').column('seq').execute();
    },
    async down(): Promise<void> {
      throw new Error('core migration is not reversible');
    },
  };
}
