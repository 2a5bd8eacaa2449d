/** UserRecord → Okta `User` JSON, with `_links` that depend on the status (as Okta's). */
import type { UserRecord } from '../../store/records.js';
import type { User } from './schemas.js';

export const DEFAULT_USER_TYPE_ID = 'otyTesseraDefault000';

type LinkMap = Record<string, { href: string; method?: string }>;

function lifecycleLinks(base: string, status: UserRecord['status']): LinkMap {
  const post = (op: string) => ({ href: `${base}/lifecycle/${op}`, method: 'POST' });
  switch (status) {
    case 'STAGED':
      return { activate: post('activate'), deactivate: post('deactivate') };
    case 'PROVISIONED':
      return { reactivate: post('reactivate'), deactivate: post('deactivate') };
    case 'ACTIVE':
    case 'PASSWORD_EXPIRED':
    case 'RECOVERY':
      return { suspend: post('suspend'), deactivate: post('deactivate'), expirePassword: post('expire_password') };
    case 'LOCKED_OUT':
      return { unlock: post('unlock'), deactivate: post('deactivate') };
    case 'SUSPENDED':
      return { unsuspend: post('unsuspend'), deactivate: post('deactivate') };
    case 'DEPROVISIONED':
      return { activate: post('activate') };
  }
}

export function presentUser(user: UserRecord, orgUrl: string): User {
  const base = `${orgUrl}/api/v1/users/${user.id}`;
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: DEFAULT_USER_TYPE_ID },
    profile: user.profile,
    credentials: {
      ...(user.passwordHash !== null ? { password: {} } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: {
      self: { href: base },
      ...lifecycleLinks(base, user.status),
      schema: { href: `${orgUrl}/api/v1/meta/schemas/user/${DEFAULT_USER_TYPE_ID}` },
      type: { href: `${orgUrl}/api/v1/meta/types/user/${DEFAULT_USER_TYPE_ID}` },
      groups: { href: `${base}/groups` },
      roles: { href: `${base}/roles` },
    },
  };
}
