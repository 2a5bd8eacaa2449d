/**
 * Compiles a {@link FilterNode} into a Kysely boolean expression for a `where` clause.
 *
 * Every user value reaches the database as a bound parameter; the only SQL text written
 * here is fixed keywords. The output uses functions and syntax that SQLite and
 * PostgreSQL share (`lower`, `substr`, `length`, `replace`, `coalesce`, `LIKE … ESCAPE`).
 *
 * Semantics:
 * - `eq null` / `ne null` / `pr` test for SQL NULL (RFC 7644 §3.4.2.2 treats an
 *   unassigned attribute as not present).
 * - Booleans are bound as 1/0: storage keeps them as integers, and PostgreSQL reads an
 *   untyped `'1'`/`'0'` parameter as a boolean where the column is one.
 * - `not` treats an unknown (NULL) operand as false, so `not (nickName eq "x")` keeps
 *   users without a nickName, as a two-valued reading of the filter expects. `ne` keeps
 *   plain SQL meaning: `nickName ne "x"` only matches users that have a nickName.
 * - `LIKE … ESCAPE '\'` relies on PostgreSQL's default `standard_conforming_strings = on`.
 *
 * @module
 */

import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type CompareNode, type FilterNode, type LogicalNode, isPatternOperator } from './ast.js';
import { FilterError, quote } from './errors.js';

/** Where an attribute lives in the query, and how its strings compare. */
export interface ColumnTarget {
  /** The column or expression to compare, e.g. `sql.ref('users.status')`. */
  readonly expression: RawBuilder<unknown>;
  /** Compare strings as `lower(column) op lower(value)` (Okta's `profile.login`, `profile.email`). */
  readonly caseInsensitive?: boolean;
  /**
   * For a multi-valued attribute kept in a side table (System Log `target.id`): wraps the
   * comparison, written against `expression`, into a membership test such as
   * `seq IN (SELECT seq FROM targets WHERE <comparison>)`.
   */
  readonly membership?: (comparison: RawBuilder<SqlBool>) => RawBuilder<SqlBool>;
}

/** Maps an attribute path from the AST to its column. */
export type ColumnResolver = (attribute: string) => ColumnTarget;

/** Builds the SQL condition for `node`. Throws {@link FilterError} on an AST the parser would not produce. */
export function filterToSql(node: FilterNode, resolve: ColumnResolver): RawBuilder<SqlBool> {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const operands = flatten(node).map((operand) => filterToSql(operand, resolve));
      return sql<SqlBool>`(${sql.join(operands, node.kind === 'and' ? sql` and ` : sql` or `)})`;
    }
    case 'not':
      return sql<SqlBool>`(not coalesce(${filterToSql(node.operand, resolve)}, false))`;
    case 'present': {
      const target = resolve(node.attribute);
      const test = sql<SqlBool>`(${target.expression} is not null)`;
      return target.membership === undefined ? test : target.membership(test);
    }
    case 'compare': {
      const target = resolve(node.attribute);
      const test = compare(node, target);
      return target.membership === undefined ? test : target.membership(test);
    }
  }
}

/** `a and (b and c)` → `[a, b, c]`, without recursion, keeping left-to-right order. */
function flatten(node: LogicalNode): FilterNode[] {
  const operands: FilterNode[] = [];
  const stack: FilterNode[] = [node];
  for (let current = stack.pop(); current !== undefined; current = stack.pop()) {
    if (current.kind === node.kind) {
      stack.push(current.right, current.left);
    } else {
      operands.push(current);
    }
  }
  return operands;
}

type Ordering = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

const ORDERINGS: Readonly<Record<Ordering, (left: RawBuilder<unknown>, right: RawBuilder<unknown>) => RawBuilder<SqlBool>>> = {
  eq: (left, right) => sql<SqlBool>`(${left} = ${right})`,
  ne: (left, right) => sql<SqlBool>`(${left} <> ${right})`,
  gt: (left, right) => sql<SqlBool>`(${left} > ${right})`,
  ge: (left, right) => sql<SqlBool>`(${left} >= ${right})`,
  lt: (left, right) => sql<SqlBool>`(${left} < ${right})`,
  le: (left, right) => sql<SqlBool>`(${left} <= ${right})`,
};

function compare(node: CompareNode, target: ColumnTarget): RawBuilder<SqlBool> {
  const { operator, value } = node;
  const column = target.expression;
  if (operator === 'pr') return sql<SqlBool>`(${column} is not null)`;
  if (value === null) {
    if (operator === 'eq') return sql<SqlBool>`(${column} is null)`;
    if (operator === 'ne') return sql<SqlBool>`(${column} is not null)`;
    throw new FilterError(`Operator ${quote(operator)} cannot compare with null`);
  }
  if (isPatternOperator(operator)) {
    if (typeof value !== 'string') throw new FilterError(`Operator ${quote(operator)} needs a string value`);
    return matchPattern(operator, value, target);
  }
  const bound = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (target.caseInsensitive === true && typeof bound === 'string') {
    return ORDERINGS[operator](sql`lower(${column})`, sql`lower(${sql.val(bound)})`);
  }
  return ORDERINGS[operator](column, sql.val(bound));
}

/** `sw`, `co`, `ew` as `LIKE` with the value's wildcards escaped. */
function matchPattern(operator: 'sw' | 'co' | 'ew', value: string, target: ColumnTarget): RawBuilder<SqlBool> {
  const column = target.expression;
  const escaped = escapeLikePattern(value);
  const pattern = operator === 'sw' ? `${escaped}%` : operator === 'ew' ? `%${escaped}` : `%${escaped}%`;
  if (target.caseInsensitive === true) {
    return sql<SqlBool>`(lower(${column}) like lower(${pattern}) escape '\\')`;
  }
  const like = sql<SqlBool>`${column} like ${pattern} escape '\\'`;
  if (value === '') return sql<SqlBool>`(${like})`;
  // SQLite's LIKE ignores ASCII case and PostgreSQL's does not (sqlite.org/lang_expr.html#like),
  // so a case-sensitive attribute also gets an exact check. The LIKE stays: a PostgreSQL
  // `text_pattern_ops` index can answer it, and it bounds the rows the check runs on.
  const characters = codePointCount(value);
  const exact =
    operator === 'sw'
      ? sql`substr(${column}, 1, ${characters}) = ${value}`
      : operator === 'ew'
        ? sql`substr(${column}, length(${column}) - ${characters} + 1) = ${value}`
        : sql`replace(${column}, ${value}, '') <> ${column}`;
  return sql<SqlBool>`(${like} and ${exact})`;
}

/** Escapes the LIKE wildcards `%` and `_` and the escape character itself (SQL:2016 §8.5). */
export function escapeLikePattern(value: string): string {
  // One character class, no quantifiers: a single linear pass.
  return value.replace(/[\\%_]/g, '\\$&');
}

/** SQL `length`/`substr` count characters, i.e. code points, not UTF-16 units. */
function codePointCount(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    // A low surrogate after a high one completes a code point already counted.
    const completesPair = code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(value.charCodeAt(index - 1));
    if (!completesPair) count += 1;
  }
  return count;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
