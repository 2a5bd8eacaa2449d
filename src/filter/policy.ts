/**
 * What a caller allows in a filter: which attributes, which operators per attribute,
 * which value type each attribute takes, and the size limits.
 *
 * Each Okta endpoint documents its own list (for example `/api/v1/users` accepts
 * `status`, `lastUpdated`, `id`, `profile.*` …), so every route passes its own policy.
 *
 * @module
 */

import type { FilterOperator } from './ast.js';

/**
 * The value type an attribute takes.
 * `datetime` values are ISO-8601 strings and are normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`.
 * `any` accepts any literal (still subject to the null and pattern-operator rules).
 */
export type AttributeType = 'string' | 'datetime' | 'number' | 'boolean' | 'any';

/** How one attribute may be filtered. */
export interface AttributeRule {
  readonly operators: readonly FilterOperator[];
  readonly type: AttributeType;
}

/** Limits and vocabulary for one endpoint's filter. */
export interface FilterPolicy {
  /**
   * Looks up an attribute path, exactly as written (paths are case-sensitive).
   * Return `undefined` for unknown attributes. The parser calls nothing else, so a
   * table keyed by user text must not be a plain object lookup (`__proto__`,
   * `constructor`); {@link attributeTable} builds a safe one.
   */
  readonly attributes: (attribute: string) => AttributeRule | undefined;
  /** Accept the `not` operator. Off by default: most Okta endpoints reject it. */
  readonly allowNot?: boolean;
  /** Longest accepted input, in UTF-16 code units. Default 2048. */
  readonly maxLength?: number;
  /** Most `attribute op value` / `attribute pr` terms. Default 50. */
  readonly maxTerms?: number;
  /** Deepest nesting of parentheses and `not`. Default 10. */
  readonly maxDepth?: number;
}

/** Limits applied when a policy leaves them out. */
export const DEFAULT_FILTER_LIMITS = { maxLength: 2048, maxTerms: 50, maxDepth: 10 } as const;

/**
 * Builds an attribute lookup from a literal table. Keys are copied into a `Map`, so
 * user text such as `__proto__` or `toString` only ever matches an own key.
 */
export function attributeTable(rules: Readonly<Record<string, AttributeRule>>): (attribute: string) => AttributeRule | undefined {
  const table = new Map(Object.entries(rules));
  return (attribute) => table.get(attribute);
}
