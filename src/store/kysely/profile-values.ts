/**
 * `search=profile.<attribute> eq …` on attributes kept only in the JSON profile, as an index
 * look-up: every scalar of such an attribute (each element of an array) has a row in
 * `user_profile_values` (user, attribute name, JSON type, value as text), indexed on
 * (name, kind, value), and an `eq` term becomes `users.id IN (SELECT user_id … WHERE name = ? AND
 * kind = ? AND value = ?)`. The answer is the one the JSON path of profile-attributes.ts gives:
 * the same type-strict comparison, strings compared exactly, numbers by value, any element of
 * an array matching.
 *
 * Values are kept as text that stands for exactly one JSON value of their kind: strings as they
 * are, numbers in JavaScript's shortest round-trip form (the profile column is written with
 * `JSON.stringify`, so its numbers are doubles, and `30` and `30.0` are both `30`), booleans as
 * `true`/`false`. Strings longer than {@link MAX_INDEXED_LENGTH} are left out (a B-tree entry
 * has a size limit on PostgreSQL); an `eq` with a literal that long keeps the JSON path, and
 * since `eq` is exact it cannot match a shorter stored string anyway.
 *
 * The rows are kept in step by the user repository (insert, profile update; delete cascades).
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { FilterNode } from '../../filter/ast.js';
import type { ColumnTarget } from '../../filter/to-sql.js';
import type { JsonObject, JsonValue } from '../records.js';
import type { Database, UserProfileValuesTable } from '../schema.js';

/** UTF-16 units; at most three UTF-8 bytes each, well under PostgreSQL's B-tree entry limit. */
export const MAX_INDEXED_LENGTH = 500;

/** The attributes with columns of their own, never looked up here. */
const COLUMN_ATTRIBUTES: ReadonlySet<string> = new Set(['login', 'email', 'firstName', 'lastName']);

/** Prefix of the pseudo-attribute a rewritten term carries: `#value:<kind>:<name>`. */
const PREFIX = '#value:';

type Kind = 'string' | 'number' | 'boolean';

/** The text a scalar is kept as, or undefined when it is not kept (null, too long a string). */
function keyOf(value: JsonValue): { kind: Kind; value: string } | undefined {
  if (typeof value === 'string') return value.length <= MAX_INDEXED_LENGTH ? { kind: 'string', value } : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value: String(value) } : undefined;
  if (typeof value === 'boolean') return { kind: 'boolean', value: value ? 'true' : 'false' };
  return undefined;
}

/** The rows of one user's profile, without duplicates. */
export function profileValueRows(userId: string, profile: JsonObject): UserProfileValuesTable[] {
  const rows = new Map<string, UserProfileValuesTable>();
  for (const [name, value] of Object.entries(profile)) {
    if (COLUMN_ATTRIBUTES.has(name)) continue;
    for (const element of Array.isArray(value) ? value : [value]) {
      const key = keyOf(element);
      if (key === undefined) continue;
      rows.set(JSON.stringify([name, key.kind, key.value]), { user_id: userId, name, kind: key.kind, value: key.value });
    }
  }
  return [...rows.values()];
}

/** Rows per INSERT statement: well under SQLite's 32,766 bound parameters. */
const ROWS_PER_STATEMENT = 1000;

/** Replaces the rows of `userId` with those of `profile`. */
export async function writeProfileValues(db: Kysely<Database>, userId: string, profile: JsonObject, replace: boolean): Promise<void> {
  if (replace) await db.deleteFrom('user_profile_values').where('user_id', '=', userId).execute();
  const rows = profileValueRows(userId, profile);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    await db
      .insertInto('user_profile_values')
      .values(rows.slice(start, start + ROWS_PER_STATEMENT))
      .execute();
  }
}

/**
 * Rewrites `profile.<custom> eq <scalar>` to the side table's pseudo-attribute, leaving every
 * other term (other operators, `null`, long strings, column attributes) to the JSON path.
 */
export function profileValueTerms(node: FilterNode, isColumn: (attribute: string) => boolean): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, left: profileValueTerms(node.left, isColumn), right: profileValueTerms(node.right, isColumn) };
    case 'not':
      return { ...node, operand: profileValueTerms(node.operand, isColumn) };
    case 'present':
      return node;
    case 'compare': {
      if (node.operator !== 'eq' || isColumn(node.attribute) || !node.attribute.startsWith('profile.') || node.value === null) return node;
      const key = keyOf(node.value);
      if (key === undefined) return node;
      return { ...node, attribute: `${PREFIX}${key.kind}:${node.attribute.slice('profile.'.length)}`, value: key.value };
    }
  }
}

/**
 * The target of a rewritten term, or undefined for any other attribute. `after`, the page's
 * cursor, is repeated inside the look-up: neither database carries `users.id > ?` over to
 * `user_id`, and without it every page would first read every match (PostgreSQL then hashes
 * them all, SQLite lists them all) instead of those past the cursor.
 */
export function profileValueTarget(attribute: string, after?: string): ColumnTarget | undefined {
  if (!attribute.startsWith(PREFIX)) return undefined;
  const rest = attribute.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  const kind = rest.slice(0, colon);
  const name = rest.slice(colon + 1);
  return {
    expression: sql.ref('upv.value'),
    membership: (test: RawBuilder<SqlBool>) =>
      sql<SqlBool>`(users.id in (select upv.user_id from user_profile_values as upv where upv.name = ${name} and upv.kind = ${kind} and ${test}${
        after === undefined ? sql`` : sql` and upv.user_id > ${after}`
      }))`,
  };
}
