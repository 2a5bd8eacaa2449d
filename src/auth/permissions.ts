/**
 * Admin roles and the permissions they carry. This table and `endpoint-access.ts` are the one
 * place that decides access (tested as tables in `access-tables.test.ts`). Permission names
 * follow Okta's IAM permission catalogue (`okta.users.read`, `okta.users.lifecycle.manage`, …).
 */

export const PERMISSIONS = [
  'okta.users.read',
  'okta.users.create',
  'okta.users.manage',
  'okta.users.lifecycle.manage',
  'okta.users.lifecycle.unlock',
  'okta.users.credentials.manage',
  'okta.groups.read',
  'okta.groups.create',
  'okta.groups.manage',
  'okta.groups.members.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.appGrants.read',
  'okta.appGrants.manage',
  'okta.roles.read',
  'okta.roles.manage',
  'okta.apiTokens.read',
  'okta.apiTokens.manage',
  'okta.logs.read',
  'okta.authzServers.read',
  'okta.authzServers.manage',
  'okta.sessions.read',
  'okta.sessions.manage',
  'okta.networkZones.read',
  'okta.networkZones.manage',
  'okta.eventHooks.read',
  'okta.eventHooks.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_TYPES = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
  'REPORT_ADMIN',
] as const;
export type RoleType = (typeof ROLE_TYPES)[number];

export function isRoleType(value: string): value is RoleType {
  return (ROLE_TYPES as readonly string[]).includes(value);
}

/** Labels as Okta shows them (roles guide, "Standard roles"). */
export const ROLE_LABELS: Readonly<Record<RoleType, string>> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'User Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  REPORT_ADMIN: 'Report Administrator',
};

const READ_ALL: readonly Permission[] = ['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read'];

/**
 * What each standard role may do. Super Admin alone adds and removes administrators, sees every
 * API token, grants Okta API scopes to apps (Okta's admin comparison table and "Only the Super
 * Admin role has permission to grant scopes to an app"), and reads and manages event hooks
 * ("Only super admins can view and configure event hooks", help.okta.com "Create an event hook";
 * org admins "can't … Manage hooks", help.okta.com "Organization administrators").
 */
export const ROLE_PERMISSIONS: Readonly<Record<RoleType, readonly Permission[]>> = {
  SUPER_ADMIN: PERMISSIONS,
  ORG_ADMIN: [
    ...READ_ALL,
    'okta.users.create',
    'okta.users.manage',
    'okta.users.lifecycle.manage',
    'okta.users.lifecycle.unlock',
    'okta.users.credentials.manage',
    'okta.groups.create',
    'okta.groups.manage',
    'okta.groups.members.manage',
    'okta.apps.manage',
    'okta.appGrants.read',
    'okta.roles.read',
    'okta.sessions.read',
    'okta.sessions.manage',
    // Network zones (Security > Networks) are org-wide settings: org admins edit them.
    'okta.networkZones.read',
    'okta.networkZones.manage',
  ],
  APP_ADMIN: ['okta.apps.read', 'okta.apps.manage', 'okta.appGrants.read', 'okta.users.read', 'okta.groups.read'],
  USER_ADMIN: [
    'okta.users.read',
    'okta.users.create',
    'okta.users.manage',
    'okta.users.lifecycle.manage',
    'okta.users.lifecycle.unlock',
    'okta.users.credentials.manage',
    'okta.groups.read',
    'okta.groups.members.manage',
    'okta.sessions.read',
    'okta.sessions.manage',
  ],
  GROUP_MEMBERSHIP_ADMIN: ['okta.users.read', 'okta.groups.read', 'okta.groups.members.manage'],
  // Help desk admins clear users' sessions (Okta's standard role comparison: "Clear user sessions").
  HELP_DESK_ADMIN: [
    'okta.users.read',
    'okta.groups.read',
    'okta.users.lifecycle.unlock',
    'okta.users.credentials.manage',
    'okta.sessions.read',
    'okta.sessions.manage',
  ],
  // Read-only admins view Okta settings (Okta's read-only administrator page), network zones among them.
  READ_ONLY_ADMIN: [...READ_ALL, 'okta.appGrants.read', 'okta.roles.read', 'okta.sessions.read', 'okta.networkZones.read'],
  API_ACCESS_MANAGEMENT_ADMIN: ['okta.authzServers.read', 'okta.authzServers.manage', 'okta.apps.read', 'okta.users.read', 'okta.groups.read'],
  REPORT_ADMIN: ['okta.logs.read'],
};

export function permissionsOfRoles(roles: Iterable<string>): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    if (!isRoleType(role)) continue;
    for (const p of ROLE_PERMISSIONS[role]) out.add(p);
  }
  return out;
}
