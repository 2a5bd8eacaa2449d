/**
 * Okta API scopes (`okta.*`) and the permissions each one opens: a token's scopes bound what
 * its subject's roles may do (scopes ∩ roles). `manage` includes `read` (Okta: "manage scopes
 * can do everything that the read scopes do").
 */
import type { Permission } from './permissions.js';

export const SCOPE_PERMISSIONS = {
  'okta.users.read': ['okta.users.read'],
  'okta.users.manage': [
    'okta.users.read',
    'okta.users.create',
    'okta.users.manage',
    'okta.users.lifecycle.manage',
    'okta.users.lifecycle.unlock',
    'okta.users.credentials.manage',
    // Okta's Management API puts `DELETE /api/v1/users/{id}/sessions` (revokeUserSessions) under okta.users.manage.
    'okta.sessions.read',
    'okta.sessions.manage',
  ],
  'okta.groups.read': ['okta.groups.read'],
  'okta.groups.manage': ['okta.groups.read', 'okta.groups.create', 'okta.groups.manage', 'okta.groups.members.manage'],
  'okta.apps.read': ['okta.apps.read'],
  'okta.apps.manage': ['okta.apps.read', 'okta.apps.manage'],
  'okta.appGrants.read': ['okta.appGrants.read'],
  'okta.appGrants.manage': ['okta.appGrants.read', 'okta.appGrants.manage'],
  'okta.roles.read': ['okta.roles.read'],
  'okta.roles.manage': ['okta.roles.read', 'okta.roles.manage'],
  'okta.apiTokens.read': ['okta.apiTokens.read'],
  'okta.apiTokens.manage': ['okta.apiTokens.read', 'okta.apiTokens.manage'],
  'okta.logs.read': ['okta.logs.read'],
  'okta.authorizationServers.read': ['okta.authzServers.read'],
  'okta.authorizationServers.manage': ['okta.authzServers.read', 'okta.authzServers.manage'],
  'okta.clients.read': ['okta.apps.read'],
  'okta.clients.manage': ['okta.apps.read', 'okta.apps.manage'],
  'okta.clients.register': ['okta.apps.manage'],
  'okta.sessions.read': ['okta.sessions.read'],
  'okta.sessions.manage': ['okta.sessions.read', 'okta.sessions.manage'],
  'okta.networkZones.read': ['okta.networkZones.read'],
  'okta.networkZones.manage': ['okta.networkZones.read', 'okta.networkZones.manage'],
  'okta.eventHooks.read': ['okta.eventHooks.read'],
  'okta.eventHooks.manage': ['okta.eventHooks.read', 'okta.eventHooks.manage'],
} as const satisfies Record<string, readonly Permission[]>;

export type OktaScope = keyof typeof SCOPE_PERMISSIONS;

/** Every `okta.*` scope Tessera knows, in the table's order. */
export const OKTA_SCOPES = Object.keys(SCOPE_PERMISSIONS) as readonly OktaScope[];

export function isOktaScope(value: string): value is OktaScope {
  return Object.hasOwn(SCOPE_PERMISSIONS, value);
}

export function permissionsOfScopes(scopes: Iterable<string>): Set<Permission> {
  const out = new Set<Permission>();
  for (const scope of scopes) {
    if (!isOktaScope(scope)) continue;
    for (const p of SCOPE_PERMISSIONS[scope]) out.add(p);
  }
  return out;
}
