/** How a group appears among a System Log event's targets. */
import type { GroupRecord, LogTarget } from '../../store/records.js';

/** Okta logs groups as `UserGroup` targets whose `alternateId` is "unknown" and whose display name is the group's name. */
export function groupTarget(group: GroupRecord): LogTarget {
  const name = group.profile['name'];
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: typeof name === 'string' ? name : group.id, detailEntry: null };
}
