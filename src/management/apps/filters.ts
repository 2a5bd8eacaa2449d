/** What `filter` may name on /api/v1/apps (Okta Management API, listApplications: `status`, `name`, … with `eq`). */
import { attributeTable, parseFilter, FilterError, type FilterNode, type FilterPolicy } from '../../filter/index.js';
import { DomainError } from '../../errors/domain-error.js';

export const APP_FILTER_POLICY: FilterPolicy = {
  attributes: attributeTable({
    status: { operators: ['eq'], type: 'string' },
    name: { operators: ['eq'], type: 'string' },
  }),
};

export function parseAppFilter(text: string): FilterNode {
  try {
    return parseFilter(text, APP_FILTER_POLICY);
  } catch (error) {
    if (error instanceof FilterError) throw new DomainError('invalid_search', 'invalid_search', `filter: ${error.message}`);
    throw error;
  }
}
