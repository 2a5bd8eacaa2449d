/**
 * Which scope and which role permission each Management API endpoint needs. Keys are
 * `METHOD route-pattern` exactly as registered with Fastify; the app refuses to start when a
 * route under /api/v1 has no entry here (see http/plugins/authorize.ts).
 */
import type { Permission } from './permissions.js';
import type { OktaScope } from './scopes.js';

export interface EndpointAccess {
  /** The `okta.*` scope an access token must carry (RFC 6750 insufficient_scope otherwise). */
  readonly scope: OktaScope;
  /** The permission the subject's admin roles must grant (E0000006 otherwise). */
  readonly permission: Permission;
  /** A user may always act on itself through this route parameter (`me` included). */
  readonly selfParam?: string;
  /** Callers without the permission are let through but see and touch only their own objects. */
  readonly ownObjectsOnly?: true;
  /** Only an API token may call it (`DELETE /api/v1/api-tokens/current`). */
  readonly sswsOnly?: true;
}

const read = (scope: OktaScope, permission: Permission): EndpointAccess => ({ scope, permission });

export const ENDPOINT_ACCESS: Readonly<Record<string, EndpointAccess>> = {
  // Users
  'GET /api/v1/users': read('okta.users.read', 'okta.users.read'),
  'POST /api/v1/users': read('okta.users.manage', 'okta.users.create'),
  'GET /api/v1/users/:userId': { scope: 'okta.users.read', permission: 'okta.users.read', selfParam: 'userId' },
  'POST /api/v1/users/:userId': read('okta.users.manage', 'okta.users.manage'),
  'PUT /api/v1/users/:userId': read('okta.users.manage', 'okta.users.manage'),
  'DELETE /api/v1/users/:userId': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/activate': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/reactivate': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/deactivate': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/suspend': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/unsuspend': read('okta.users.manage', 'okta.users.lifecycle.manage'),
  'POST /api/v1/users/:userId/lifecycle/unlock': read('okta.users.manage', 'okta.users.lifecycle.unlock'),
  'GET /api/v1/users/:userId/groups': { scope: 'okta.users.read', permission: 'okta.groups.read', selfParam: 'userId' },
  // Groups
  'GET /api/v1/groups': read('okta.groups.read', 'okta.groups.read'),
  'POST /api/v1/groups': read('okta.groups.manage', 'okta.groups.create'),
  'GET /api/v1/groups/:groupId': read('okta.groups.read', 'okta.groups.read'),
  'PUT /api/v1/groups/:groupId': read('okta.groups.manage', 'okta.groups.manage'),
  'DELETE /api/v1/groups/:groupId': read('okta.groups.manage', 'okta.groups.manage'),
  'GET /api/v1/groups/:groupId/users': read('okta.groups.read', 'okta.groups.read'),
  'PUT /api/v1/groups/:groupId/users/:userId': read('okta.groups.manage', 'okta.groups.members.manage'),
  'DELETE /api/v1/groups/:groupId/users/:userId': read('okta.groups.manage', 'okta.groups.members.manage'),
  // Admin roles
  'GET /api/v1/users/:userId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /api/v1/users/:userId/roles': read('okta.roles.manage', 'okta.roles.manage'),
  'GET /api/v1/users/:userId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /api/v1/users/:userId/roles/:roleAssignmentId': read('okta.roles.manage', 'okta.roles.manage'),
  'GET /api/v1/groups/:groupId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /api/v1/groups/:groupId/roles': read('okta.roles.manage', 'okta.roles.manage'),
  'GET /api/v1/groups/:groupId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId': read('okta.roles.manage', 'okta.roles.manage'),
  // API tokens
  'GET /api/v1/api-tokens': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  'GET /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  'PUT /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true },
  'DELETE /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true },
  'DELETE /api/v1/api-tokens/current': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true, sswsOnly: true },
  // System Log
  'GET /api/v1/logs': read('okta.logs.read', 'okta.logs.read'),
};
