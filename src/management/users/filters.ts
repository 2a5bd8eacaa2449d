/** What `filter` and `search` may name on /api/v1/users (Okta Management API, listUsers). */
import { attributeTable, parseFilter, FilterError, type FilterNode, type FilterPolicy } from '../../filter/index.js';
import { DomainError } from '../../errors/domain-error.js';

const EQ = ['eq'] as const;
const ORDERED = ['eq', 'gt', 'ge', 'lt', 'le'] as const;

/** `filter`: status, lastUpdated, id and four profile attributes; `eq` only (ranges on lastUpdated). */
export const USER_FILTER_POLICY: FilterPolicy = {
  attributes: attributeTable({
    status: { operators: EQ, type: 'string' },
    id: { operators: EQ, type: 'string' },
    lastUpdated: { operators: ORDERED, type: 'datetime' },
    'profile.login': { operators: EQ, type: 'string' },
    'profile.email': { operators: EQ, type: 'string' },
    'profile.firstName': { operators: EQ, type: 'string' },
    'profile.lastName': { operators: EQ, type: 'string' },
  }),
};

const SEARCH_STRING = ['eq', 'sw', 'pr', 'gt', 'ge', 'lt', 'le'] as const;
const SEARCH_DATE = ['eq', 'gt', 'ge', 'lt', 'le', 'pr'] as const;
const searchFixed = attributeTable({
  id: { operators: ['eq', 'sw', 'pr'], type: 'string' },
  status: { operators: ['eq', 'pr'], type: 'string' },
  created: { operators: SEARCH_DATE, type: 'datetime' },
  activated: { operators: SEARCH_DATE, type: 'datetime' },
  statusChanged: { operators: SEARCH_DATE, type: 'datetime' },
  lastUpdated: { operators: SEARCH_DATE, type: 'datetime' },
  lastLogin: { operators: SEARCH_DATE, type: 'datetime' },
  passwordChanged: { operators: SEARCH_DATE, type: 'datetime' },
});

/** `search`: every profile attribute plus the user's dates and status; no `ne` (Okta). */
export const USER_SEARCH_POLICY: FilterPolicy = {
  allowNot: true,
  attributes: (attribute) => {
    const fixed = searchFixed(attribute);
    if (fixed !== undefined) return fixed;
    if (/^profile\.[A-Za-z][A-Za-z0-9_]{0,99}$/.test(attribute)) return { operators: SEARCH_STRING, type: 'any' };
    return undefined;
  },
};

export function parseUserExpression(text: string, policy: FilterPolicy, parameter: 'filter' | 'search'): FilterNode {
  try {
    return parseFilter(text, policy);
  } catch (error) {
    if (error instanceof FilterError) throw new DomainError('invalid_search', 'invalid_search', `${parameter}: ${error.message}`);
    throw error;
  }
}
