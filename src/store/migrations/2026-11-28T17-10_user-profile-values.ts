/**
 * `user_profile_values`: one row per scalar of each profile attribute kept only in the JSON
 * profile (each element of an array), indexed on (name, kind, value), so that
 * `search=profile.<attribute> eq …` is an index look-up instead of decoding every profile
 * (src/store/kysely/profile-values.ts keeps the rows in step and reads them).
 *
 * The existing users are backfilled here with this file's own copy of the row rules (strings up
 * to 500 UTF-16 units as they are, finite numbers in JavaScript's shortest form, booleans as
 * true/false; login, email, firstName and lastName left out), so that the migration does not
 * change if the repository's code does.
 *
 * Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';

const COLUMN_ATTRIBUTES: ReadonlySet<string> = new Set(['login', 'email', 'firstName', 'lastName']);
const MAX_INDEXED_LENGTH = 500;
const USERS_PER_BATCH = 500;
const ROWS_PER_STATEMENT = 1000;

interface ValueRow {
  user_id: string;
  name: string;
  kind: string;
  value: string;
}

function rowsOf(userId: string, profileText: string): ValueRow[] {
  const profile: unknown = JSON.parse(profileText);
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) return [];
  const rows = new Map<string, ValueRow>();
  for (const [name, value] of Object.entries(profile)) {
    if (COLUMN_ATTRIBUTES.has(name)) continue;
    const elements: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const element of elements) {
      const key =
        typeof element === 'string'
          ? element.length <= MAX_INDEXED_LENGTH
            ? { kind: 'string', value: element }
            : undefined
          : typeof element === 'number'
            ? Number.isFinite(element)
              ? { kind: 'number', value: String(element) }
              : undefined
            : typeof element === 'boolean'
              ? { kind: 'boolean', value: element ? 'true' : 'false' }
              : undefined;
      if (key !== undefined) rows.set(JSON.stringify([name, key.kind, key.value]), { user_id: userId, name, ...key });
    }
  }
  return [...rows.values()];
}

export function userProfileValuesMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('user_profile_values')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_profile_values_pk', ['user_id', 'name', 'kind', 'value'])
        .execute();
      await sql`CREATE INDEX user_profile_values_lookup ON user_profile_values (name, kind, value, user_id)`.execute(db);

      let after = '';
      for (;;) {
        const users = await sql<{
          id: string;
          profile: string;
        }>`SELECT id, profile FROM users WHERE id > ${after} ORDER BY id LIMIT ${USERS_PER_BATCH}`.execute(db);
        const rows = users.rows.flatMap((user) => rowsOf(user.id, user.profile));
        for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
          const values = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => sql`(${row.user_id}, ${row.name}, ${row.kind}, ${row.value})`);
          await sql`INSERT INTO user_profile_values (user_id, name, kind, value) VALUES ${sql.join(values)}`.execute(db);
        }
        const last = users.rows.at(-1);
        if (last === undefined || users.rows.length < USERS_PER_BATCH) break;
        after = last.id;
      }
    },
    async down(): Promise<void> {
      throw new Error('user-profile-values migration is not reversible');
    },
  };
}
