/**
 * Index look-ups for the user list at scale: indexes on the
 * folded `lower(email)`, `lower(first_name)` and `lower(last_name)`, which serve
 * `filter=profile.email eq "…"` (compiled as `lower(email) = lower(?)`) and `q=` (each branch a
 * range on the folded value, see src/store/kysely/prefix-range.ts).
 *
 * Expression indexes rather than folded columns: the database folds with the same `lower` the
 * queries always used, so results stay exactly what they were, there is nothing to backfill and
 * no write path to keep in step. On PostgreSQL the indexes use `text_pattern_ops`, which
 * compares bytes whatever the database's collation (prefix ranges are only contiguous in
 * code-point order) and still serves plain `=`.
 *
 * `users_email` goes: every comparison on `email` is case-insensitive and so reads the folded
 * index; keeping it would only cost writes. `users_first_name` and `users_last_name` stay, for
 * the case-sensitive `profile.firstName eq` and `profile.lastName eq`.
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.js';

export function userLookupsMigration(dialect: Dialect) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const ops = dialect === 'postgres' ? sql` text_pattern_ops` : sql``;
      await sql`CREATE INDEX users_email_folded ON users (lower(email)${ops})`.execute(db);
      await sql`CREATE INDEX users_first_name_folded ON users (lower(first_name)${ops})`.execute(db);
      await sql`CREATE INDEX users_last_name_folded ON users (lower(last_name)${ops})`.execute(db);
      await sql`DROP INDEX users_email`.execute(db);
    },
    async down(): Promise<void> {
      throw new Error('user-lookups migration is not reversible');
    },
  };
}
