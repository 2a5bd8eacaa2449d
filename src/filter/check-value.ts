/**
 * Checks a literal against the attribute's declared type, and normalises date-times.
 *
 * The rules keep SQL comparisons meaningful on every dialect: a string column is only
 * compared with a string, a date-time column with a normalised UTC instant, and `null`
 * only through `eq`/`ne` (which compile to `IS NULL`/`IS NOT NULL`).
 *
 * @module
 */

import { type FilterOperator, type FilterValue, isPatternOperator } from './ast.js';
import { normaliseDateTime } from './date-time.js';
import { FilterError, quote } from './errors.js';
import type { AttributeRule } from './policy.js';

/** Returns the value to store in the AST, or throws {@link FilterError}. */
export function checkValue(value: FilterValue, rule: AttributeRule, attribute: string, operator: FilterOperator, position: number): FilterValue {
  const where = `for attribute ${quote(attribute)} at position ${position}`;
  if (value === null) {
    if (operator !== 'eq' && operator !== 'ne') {
      throw new FilterError(`Operator ${quote(operator)} cannot compare with null ${where}`, position);
    }
    if (rule.type === 'number' || rule.type === 'boolean') {
      throw new FilterError(`Expected ${describe(rule.type)} ${where}`, position);
    }
    return null;
  }
  if (isPatternOperator(operator) && typeof value !== 'string') {
    throw new FilterError(`Operator ${quote(operator)} needs a string value ${where}`, position);
  }
  switch (rule.type) {
    case 'any':
      return value;
    case 'string':
    case 'number':
    case 'boolean':
      if (typeof value !== rule.type) throw new FilterError(`Expected ${describe(rule.type)} ${where}`, position);
      return value;
    case 'datetime': {
      if (typeof value !== 'string') throw new FilterError(`Expected ${describe(rule.type)} ${where}`, position);
      const normalised = normaliseDateTime(value);
      if (normalised === undefined) {
        throw new FilterError(`Invalid date-time ${quote(value)} for attribute ${quote(attribute)}`, position);
      }
      return normalised;
    }
  }
}

function describe(type: AttributeRule['type']): string {
  switch (type) {
    case 'string':
      return 'a string value';
    case 'datetime':
      return 'a date-time string such as "2013-06-01T00:00:00.000Z"';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'any':
      return 'a value';
  }
}
