/**
 * `search` on custom profile attributes, which live in the JSON `profile` column.
 *
 * Okta's custom attributes are strings, numbers, booleans or arrays of them, and a search term
 * on an array matches when any element does. Both dialects get the same answer:
 * - the attribute is expanded into its elements (one for a scalar, none when absent) with
 *   SQLite `json_each` / PostgreSQL `jsonb_array_elements`, and the term becomes an `EXISTS`
 *   over them (the `membership` hook of `filterToSql`);
 * - each element is compared only with a literal of its own JSON type (`age gt 30` compares
 *   numbers as numbers on both dialects, and never matches the string "33"), which is why the
 *   literal's type is carried into the attribute name by {@link typedProfileTerms}.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { FilterNode } from '../../filter/ast.js';
import type { ColumnTarget } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';

type JsonKind = 'string' | 'number' | 'boolean' | 'any';

const KINDS: ReadonlySet<string> = new Set(['string', 'number', 'boolean']);

/**
 * Rewrites comparisons on JSON-held attributes to `<type>:<attribute>` (the literal's type),
 * leaving `pr`, `eq null` and the attributes `isColumn` accepts untouched. The parser's depth
 * and term limits bound the recursion.
 */
export function typedProfileTerms(node: FilterNode, isColumn: (attribute: string) => boolean): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, left: typedProfileTerms(node.left, isColumn), right: typedProfileTerms(node.right, isColumn) };
    case 'not':
      return { ...node, operand: typedProfileTerms(node.operand, isColumn) };
    case 'present':
      return node;
    case 'compare':
      if (isColumn(node.attribute) || node.value === null) return node;
      return { ...node, attribute: `${typeof node.value}:${node.attribute}` };
  }
}

/** The column target of a (possibly typed) `profile.<name>` attribute kept in the JSON profile. */
export function profileAttributeTarget(dialect: Dialect, attribute: string): ColumnTarget {
  const colon = attribute.indexOf(':');
  const prefix = colon > 0 ? attribute.slice(0, colon) : '';
  const kind: JsonKind = KINDS.has(prefix) ? (prefix as JsonKind) : 'any';
  const path = kind === 'any' ? attribute : attribute.slice(colon + 1);
  const name = path.slice('profile.'.length);
  return dialect === 'postgres' ? postgresTarget(name, kind) : sqliteTarget(name, kind);
}

function sqliteTarget(name: string, kind: JsonKind): ColumnTarget {
  // The policy only admits [A-Za-z][A-Za-z0-9_]*, so quoting the key cannot break the path.
  const path = '$."' + name.replace(/["\\]/g, '') + '"';
  const expression =
    kind === 'string'
      ? sql`(case when je.type = 'text' then je.value end)`
      : kind === 'number'
        ? sql`(case when je.type in ('integer', 'real') then je.value end)`
        : // json_each gives true/false as 1/0, which is how filterToSql binds booleans.
          kind === 'boolean'
          ? sql`(case when je.type in ('true', 'false') then je.value end)`
          : sql`je.value`;
  return {
    expression,
    membership: (test: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from json_each(users.profile, ${path}) as je where ${test})`,
  };
}

function postgresTarget(name: string, kind: JsonKind): ColumnTarget {
  const value = sql`(users.profile::jsonb -> ${name})`;
  const elements = sql`jsonb_array_elements(case when jsonb_typeof(${value}) = 'array' then ${value} else jsonb_build_array(${value}) end)`;
  const expression =
    kind === 'string'
      ? sql`(case when jsonb_typeof(je.v) = 'string' then je.v #>> '{}' end)`
      : kind === 'number'
        ? sql`(case when jsonb_typeof(je.v) = 'number' then (je.v #>> '{}')::numeric end)`
        : kind === 'boolean'
          ? sql`(case when jsonb_typeof(je.v) = 'boolean' then (je.v #>> '{}')::boolean end)`
          : sql`(case when jsonb_typeof(je.v) <> 'null' then je.v #>> '{}' end)`;
  return {
    expression,
    membership: (test: RawBuilder<SqlBool>) => sql<SqlBool>`exists (select 1 from ${elements} as je(v) where ${test})`,
  };
}
