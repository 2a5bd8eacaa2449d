/** What `filter` and `search` may name on /api/v1/groups (Okta Management API, listGroups). */
import { attributeTable, parseFilter, FilterError, type FilterNode, type FilterPolicy } from '../../filter/index.js';
import { DomainError } from '../../errors/domain-error.js';

const EQ = ['eq'] as const;
const ORDERED = ['eq', 'gt', 'ge', 'lt', 'le'] as const;

/** `filter`: "a limited number of properties: id, type, lastUpdated, and lastMembershipUpdated". */
export const GROUP_FILTER_POLICY: FilterPolicy = {
  attributes: attributeTable({
    id: { operators: EQ, type: 'string' },
    type: { operators: EQ, type: 'string' },
    lastUpdated: { operators: ORDERED, type: 'datetime' },
    lastMembershipUpdated: { operators: ORDERED, type: 'datetime' },
  }),
};

const DATES = ['eq', 'gt', 'ge', 'lt', 'le', 'pr'] as const;
const searchFixed = attributeTable({
  id: { operators: ['eq', 'sw'], type: 'string' },
  type: { operators: EQ, type: 'string' },
  created: { operators: DATES, type: 'datetime' },
  lastUpdated: { operators: DATES, type: 'datetime' },
  lastMembershipUpdated: { operators: DATES, type: 'datetime' },
  // "You can only use `co` with these select profile attributes: profile.name and profile.description."
  'profile.name': { operators: ['eq', 'sw', 'co', 'pr'], type: 'string' },
  'profile.description': { operators: ['eq', 'sw', 'co', 'pr'], type: 'string' },
});

/**
 * `search`: the top-level properties above and any group profile attribute, with `sw`, `eq`
 * (and `co` on name and description); dates also take ranges.
 */
export const GROUP_SEARCH_POLICY: FilterPolicy = {
  attributes: (attribute) => {
    const fixed = searchFixed(attribute);
    if (fixed !== undefined) return fixed;
    if (/^profile\.[A-Za-z][A-Za-z0-9_]{0,99}$/.test(attribute)) return { operators: ['eq', 'sw', 'pr'], type: 'any' };
    return undefined;
  },
};

export function parseGroupExpression(text: string, policy: FilterPolicy, parameter: 'filter' | 'search'): FilterNode {
  try {
    return parseFilter(text, policy);
  } catch (error) {
    if (error instanceof FilterError) throw new DomainError('invalid_search', 'invalid_search', `${parameter}: ${error.message}`);
    throw error;
  }
}
