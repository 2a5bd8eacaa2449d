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
  // okta.users.read, not okta.groups.read: SPEC-M puts this operation under the okta.users.read
  // scope, and a token carrying only that scope must be able to call it (its permission must be
  // one the scope opens; access-tables.test.ts). Every role that reads users reads groups too.
  'GET /api/v1/users/:userId/groups': { scope: 'okta.users.read', permission: 'okta.users.read', selfParam: 'userId' },
  // Passwords (issue #4): a user changes its own password (proving the current one); admins too.
  'POST /api/v1/users/:userId/credentials/change_password': { scope: 'okta.users.manage', permission: 'okta.users.credentials.manage', selfParam: 'userId' },
  'POST /api/v1/users/:userId/lifecycle/expire_password': read('okta.users.manage', 'okta.users.credentials.manage'),
  // Sessions (SPEC-M `Session`, `UserSessions`); /api/v1/sessions/me is public (cookie), outside this table.
  'POST /api/v1/sessions': read('okta.sessions.manage', 'okta.sessions.manage'),
  'GET /api/v1/sessions/:sessionId': read('okta.sessions.read', 'okta.sessions.read'),
  'DELETE /api/v1/sessions/:sessionId': read('okta.sessions.manage', 'okta.sessions.manage'),
  'POST /api/v1/sessions/:sessionId/lifecycle/refresh': read('okta.sessions.manage', 'okta.sessions.manage'),
  'DELETE /api/v1/users/:userId/sessions': read('okta.users.manage', 'okta.sessions.manage'),
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
  // OIDC apps, their public keys (SPEC-M `Application`, `ApplicationSSOPublicKeys`)
  'GET /api/v1/apps': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps': read('okta.apps.manage', 'okta.apps.manage'),
  'GET /api/v1/apps/:appId': read('okta.apps.read', 'okta.apps.read'),
  'PUT /api/v1/apps/:appId': read('okta.apps.manage', 'okta.apps.manage'),
  'DELETE /api/v1/apps/:appId': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/lifecycle/activate': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/lifecycle/deactivate': read('okta.apps.manage', 'okta.apps.manage'),
  'GET /api/v1/apps/:appId/credentials/jwks': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps/:appId/credentials/jwks': read('okta.apps.manage', 'okta.apps.manage'),
  'GET /api/v1/apps/:appId/credentials/jwks/:keyId': read('okta.apps.read', 'okta.apps.read'),
  'DELETE /api/v1/apps/:appId/credentials/jwks/:keyId': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/activate': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/deactivate': read('okta.apps.manage', 'okta.apps.manage'),
  'GET /api/v1/apps/:appId/credentials/secrets': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps/:appId/credentials/secrets': read('okta.apps.manage', 'okta.apps.manage'),
  'GET /api/v1/apps/:appId/credentials/secrets/:secretId': read('okta.apps.read', 'okta.apps.read'),
  'DELETE /api/v1/apps/:appId/credentials/secrets/:secretId': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/activate': read('okta.apps.manage', 'okta.apps.manage'),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/deactivate': read('okta.apps.manage', 'okta.apps.manage'),
  // Scope grants of apps (SPEC-M `ApplicationGrants`; only a SUPER_ADMIN holds okta.appGrants.manage)
  'GET /api/v1/apps/:appId/grants': read('okta.appGrants.read', 'okta.appGrants.read'),
  'POST /api/v1/apps/:appId/grants': read('okta.appGrants.manage', 'okta.appGrants.manage'),
  'GET /api/v1/apps/:appId/grants/:grantId': read('okta.appGrants.read', 'okta.appGrants.read'),
  'DELETE /api/v1/apps/:appId/grants/:grantId': read('okta.appGrants.manage', 'okta.appGrants.manage'),
  // Dynamic Client Registration over the same apps (SPEC-O `Client`: okta.clients.read/register/manage)
  'GET /oauth2/v1/clients': read('okta.clients.read', 'okta.apps.read'),
  'POST /oauth2/v1/clients': read('okta.clients.register', 'okta.apps.manage'),
  'GET /oauth2/v1/clients/:clientId': read('okta.clients.read', 'okta.apps.read'),
  'PUT /oauth2/v1/clients/:clientId': read('okta.clients.manage', 'okta.apps.manage'),
  'DELETE /oauth2/v1/clients/:clientId': read('okta.clients.manage', 'okta.apps.manage'),
  'POST /oauth2/v1/clients/:clientId/lifecycle/newSecret': read('okta.clients.manage', 'okta.apps.manage'),
  // Admin roles of client apps (SPEC-M `RoleAssignmentClient`)
  'GET /oauth2/v1/clients/:clientId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /oauth2/v1/clients/:clientId/roles': read('okta.roles.manage', 'okta.roles.manage'),
  'GET /oauth2/v1/clients/:clientId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /oauth2/v1/clients/:clientId/roles/:roleAssignmentId': read('okta.roles.manage', 'okta.roles.manage'),
};
