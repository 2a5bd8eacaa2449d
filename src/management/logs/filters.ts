/**
 * What `filter` may name on /api/v1/logs (Okta System Log "Filtering results": SCIM filter
 * expressions over the LogEvent; Okta answers a bad one with 400 E0000053 "Invalid SCIM filter.").
 * Tessera supports the attributes it keeps indexed; any other attribute is refused the same way.
 */
import { DomainError } from '../../errors/domain-error.js';
import { attributeTable, FilterError, parseFilter, type FilterNode, type FilterPolicy } from '../../filter/index.js';

const STRING_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'pr'] as const;
const EXACT = ['eq', 'ne', 'pr'] as const;

export const LOG_FILTER_POLICY: FilterPolicy = {
  allowNot: true,
  attributes: attributeTable({
    eventType: { operators: STRING_OPERATORS, type: 'string' },
    uuid: { operators: EXACT, type: 'string' },
    severity: { operators: EXACT, type: 'string' },
    'actor.id': { operators: STRING_OPERATORS, type: 'string' },
    'target.id': { operators: STRING_OPERATORS, type: 'string' },
    'outcome.result': { operators: EXACT, type: 'string' },
    'transaction.detail.requestApiTokenId': { operators: EXACT, type: 'string' },
    published: { operators: ['eq', 'gt', 'ge', 'lt', 'le'], type: 'datetime' },
  }),
};

/** Parses `filter`; a bad expression is E0000053 with the parser's reason as the cause. */
export function parseLogFilter(text: string): FilterNode {
  try {
    return parseFilter(text, LOG_FILTER_POLICY);
  } catch (error) {
    if (error instanceof FilterError) {
      throw new DomainError('invalid_search', 'logs.invalid_filter', 'Invalid SCIM filter.', [{ field: 'filter', message: error.message }]);
    }
    throw error;
  }
}
