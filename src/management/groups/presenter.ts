/**
 * GroupRecord → Okta `Group` JSON. `_links` are Okta's for a group (logo, users, apps), with
 * absolute hrefs built from the org URL; `_embedded.stats` only when `expand=stats` asked for it.
 */
import type { GroupRecord } from '../../store/records.js';
import type { GroupStatsRecord } from '../../store/store.js';
import type { Group } from './schemas.js';

/** Okta's `objectClass` for groups mastered by Okta (Okta Management API, `Group.objectClass`). */
const OBJECT_CLASS = ['okta:user_group'];

export function presentGroup(group: GroupRecord, orgUrl: string, stats?: GroupStatsRecord): Group {
  const base = `${orgUrl}/api/v1/groups/${group.id}`;
  const logo = (size: 'medium' | 'large') => ({ name: size, href: `${orgUrl}/assets/img/logos/groups/okta-${size}.png`, type: 'image/png' });
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: OBJECT_CLASS,
    type: group.type,
    profile: group.profile,
    ...(stats === undefined
      ? {}
      : {
          _embedded: {
            stats: {
              usersCount: stats.usersCount,
              // Tessera has no apps or group push yet: both counts are zero.
              appsCount: 0,
              groupPushMappingsCount: 0,
              hasAdminPrivilege: stats.hasAdminPrivilege,
              _links: { self: { href: `${base}/stats` } },
            },
          },
        }),
    _links: {
      logo: [logo('medium'), logo('large')],
      users: { href: `${base}/users` },
      apps: { href: `${base}/apps` },
    },
  };
}
