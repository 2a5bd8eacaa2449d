/**
 * Okta `filter` / `search` expressions: parse user text into an AST under a per-endpoint
 * policy, then compile the AST into a parameterised Kysely condition.
 *
 * ```ts
 * const node = parseFilter('status eq "ACTIVE" and lastUpdated gt "2024-01-01T00:00:00Z"', usersPolicy);
 * const rows = await db.selectFrom('users').selectAll().where(filterToSql(node, usersColumns)).execute();
 * ```
 *
 * @module
 */

export {
  type CompareNode,
  type FilterNode,
  type FilterOperator,
  type FilterValue,
  type LogicalNode,
  type NotNode,
  type PresentNode,
  FILTER_OPERATORS,
} from './ast.js';
export { FilterError } from './errors.js';
export { parseFilter } from './parse.js';
export { type AttributeRule, type AttributeType, type FilterPolicy, DEFAULT_FILTER_LIMITS, attributeTable } from './policy.js';
export { type ColumnResolver, type ColumnTarget, escapeLikePattern, filterToSql } from './to-sql.js';
