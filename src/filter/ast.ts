/**
 * Abstract syntax tree for Okta `filter` / `search` expressions.
 *
 * The shape follows the SCIM filter grammar (RFC 7644 §3.4.2.2) restricted to the
 * subset Okta documents: attribute comparisons, presence tests, `and`, `or`, `not`
 * and grouping. Grouping leaves no node of its own; it only shapes the tree.
 *
 * @module
 */

/** Every comparison operator, in the order RFC 7644 §3.4.2.2 (table 3) lists them. */
export const FILTER_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'pr', 'gt', 'ge', 'lt', 'le'] as const;

/** A comparison operator, lower-cased (RFC 7644 §3.4.2.2: operators are case-insensitive). */
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** A literal value: a JSON string, number, `true`, `false` or `null` (RFC 7644 §3.4.2.2, `compValue`). */
export type FilterValue = string | number | boolean | null;

/** `attribute op value`. Date-time values are already normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export interface CompareNode {
  readonly kind: 'compare';
  readonly attribute: string;
  readonly operator: FilterOperator;
  readonly value: FilterValue;
}

/** `attribute pr`: the attribute has a value. */
export interface PresentNode {
  readonly kind: 'present';
  readonly attribute: string;
}

/** `left and right` or `left or right`. */
export interface LogicalNode {
  readonly kind: 'and' | 'or';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

/** `not operand`. */
export interface NotNode {
  readonly kind: 'not';
  readonly operand: FilterNode;
}

/** A parsed filter expression. */
export type FilterNode = CompareNode | PresentNode | LogicalNode | NotNode;

/** Narrows a string to a {@link FilterOperator}; the caller lower-cases first. */
export function isFilterOperator(text: string): text is FilterOperator {
  return (FILTER_OPERATORS as readonly string[]).includes(text);
}

/** The operators that match a pattern and so only make sense on strings (RFC 7644 §3.4.2.2). */
export function isPatternOperator(operator: FilterOperator): operator is 'sw' | 'co' | 'ew' {
  return operator === 'sw' || operator === 'co' || operator === 'ew';
}
