/**
 * Which scope and which role permission each Management API endpoint needs. Keys are
 * `METHOD route-pattern` exactly as registered with Fastify; the app refuses to start when a
 * route under /api/v1 has no entry here (see http/plugins/authorize.ts).
 */
import type { Permission } from './permissions.js';
import type { OktaScope } from './scopes.js';
import type { TargetOperation } from './target-rules.js';

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
  /**
   * What a write does to existing users, groups and apps: the target rules it passes
   * (target-rules.ts). Every write declares it, an empty list where it acts on none.
   */
  readonly acts?: readonly TargetOperation[];
}

const read = (scope: OktaScope, permission: Permission): EndpointAccess => ({ scope, permission });
const write = (scope: OktaScope, permission: Permission, acts: readonly TargetOperation[]): EndpointAccess => ({ scope, permission, acts });
const APP_REPLACE: readonly TargetOperation[] = ['app.profile.update', 'app.delivery.change', 'app.credentials.change'];
const CREDENTIALS: readonly TargetOperation[] = ['app.credentials.change'];

export const ENDPOINT_ACCESS: Readonly<Record<string, EndpointAccess>> = {
  // Users
  'GET /api/v1/users': read('okta.users.read', 'okta.users.read'),
  'POST /api/v1/users': write('okta.users.manage', 'okta.users.create', ['group.membership.add']),
  'GET /api/v1/users/:userId': { scope: 'okta.users.read', permission: 'okta.users.read', selfParam: 'userId' },
  'POST /api/v1/users/:userId': write('okta.users.manage', 'okta.users.manage', ['user.profile.update', 'user.password.set']),
  'PUT /api/v1/users/:userId': write('okta.users.manage', 'okta.users.manage', ['user.profile.update', 'user.password.set']),
  'DELETE /api/v1/users/:userId': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.deactivate', 'user.delete']),
  'POST /api/v1/users/:userId/lifecycle/activate': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.activate']),
  'POST /api/v1/users/:userId/lifecycle/reactivate': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.reactivate']),
  'POST /api/v1/users/:userId/lifecycle/deactivate': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.deactivate']),
  'POST /api/v1/users/:userId/lifecycle/suspend': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.suspend']),
  'POST /api/v1/users/:userId/lifecycle/unsuspend': write('okta.users.manage', 'okta.users.lifecycle.manage', ['user.lifecycle.unsuspend']),
  'POST /api/v1/users/:userId/lifecycle/unlock': write('okta.users.manage', 'okta.users.lifecycle.unlock', ['user.lifecycle.unlock']),
  // okta.users.read, not okta.groups.read: Okta's Management API puts this operation under the okta.users.read
  // scope, and a token carrying only that scope must be able to call it (its permission must be
  // one the scope opens; access-tables.test.ts). Every role that reads users reads groups too.
  'GET /api/v1/users/:userId/groups': { scope: 'okta.users.read', permission: 'okta.users.read', selfParam: 'userId' },
  // Passwords: a user changes its own password (proving the current one); admins too.
  'POST /api/v1/users/:userId/credentials/change_password': {
    scope: 'okta.users.manage',
    permission: 'okta.users.credentials.manage',
    selfParam: 'userId',
    acts: ['user.password.change'],
  },
  'POST /api/v1/users/:userId/lifecycle/expire_password': write('okta.users.manage', 'okta.users.credentials.manage', ['user.password.expire']),
  // Sessions (Okta Management API, `Session`, `UserSessions`); /api/v1/sessions/me is public (cookie), outside this table.
  'POST /api/v1/sessions': write('okta.sessions.manage', 'okta.sessions.manage', []),
  'GET /api/v1/sessions/:sessionId': read('okta.sessions.read', 'okta.sessions.read'),
  'DELETE /api/v1/sessions/:sessionId': write('okta.sessions.manage', 'okta.sessions.manage', ['user.sessions.clear']),
  'POST /api/v1/sessions/:sessionId/lifecycle/refresh': write('okta.sessions.manage', 'okta.sessions.manage', []),
  'DELETE /api/v1/users/:userId/sessions': write('okta.users.manage', 'okta.sessions.manage', ['user.sessions.clear']),
  // Groups
  'GET /api/v1/groups': read('okta.groups.read', 'okta.groups.read'),
  'POST /api/v1/groups': write('okta.groups.manage', 'okta.groups.create', []),
  'GET /api/v1/groups/:groupId': read('okta.groups.read', 'okta.groups.read'),
  'PUT /api/v1/groups/:groupId': write('okta.groups.manage', 'okta.groups.manage', ['group.profile.update']),
  'DELETE /api/v1/groups/:groupId': write('okta.groups.manage', 'okta.groups.manage', ['group.delete']),
  'GET /api/v1/groups/:groupId/users': read('okta.groups.read', 'okta.groups.read'),
  'PUT /api/v1/groups/:groupId/users/:userId': write('okta.groups.manage', 'okta.groups.members.manage', ['group.membership.add']),
  'DELETE /api/v1/groups/:groupId/users/:userId': write('okta.groups.manage', 'okta.groups.members.manage', ['group.membership.remove']),
  // Admin roles
  'GET /api/v1/users/:userId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /api/v1/users/:userId/roles': write('okta.roles.manage', 'okta.roles.manage', ['user.role.assign']),
  'GET /api/v1/users/:userId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /api/v1/users/:userId/roles/:roleAssignmentId': write('okta.roles.manage', 'okta.roles.manage', ['user.role.unassign']),
  'GET /api/v1/groups/:groupId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /api/v1/groups/:groupId/roles': write('okta.roles.manage', 'okta.roles.manage', ['group.role.assign']),
  'GET /api/v1/groups/:groupId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId': write('okta.roles.manage', 'okta.roles.manage', ['group.role.unassign']),
  // Every user holding a role (Okta's Role Assignment API, `RoleAssignmentAUser`): what reads a user's roles reads this.
  'GET /api/v1/iam/assignees/users': read('okta.roles.read', 'okta.roles.read'),
  // API tokens
  'GET /api/v1/api-tokens': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  // Tessera extension: the caller's own new token (the route refuses a scoped token that holds less than the owner's roles).
  'POST /api/v1/api-tokens': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true, acts: [] },
  'GET /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  'PUT /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true, acts: [] },
  'DELETE /api/v1/api-tokens/:apiTokenId': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true, acts: [] },
  'DELETE /api/v1/api-tokens/current': { scope: 'okta.apiTokens.manage', permission: 'okta.apiTokens.manage', ownObjectsOnly: true, sswsOnly: true, acts: [] },
  'POST /api/v1/api-tokens/:apiTokenId/lifecycle/rotate': {
    scope: 'okta.apiTokens.manage',
    permission: 'okta.apiTokens.manage',
    ownObjectsOnly: true,
    acts: [],
  },
  // Tessera extension: makes a service app (its grants and roles pass their own rules inside) and may revoke the token.
  'POST /api/v1/api-tokens/:apiTokenId/migrate': write('okta.apps.manage', 'okta.apps.manage', []),
  // Usage insights (Tessera extensions): whoever may read the credential may read its insights.
  'GET /api/v1/api-tokens/:apiTokenId/usage': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  'GET /api/v1/api-tokens/:apiTokenId/suggestion': { scope: 'okta.apiTokens.read', permission: 'okta.apiTokens.read', ownObjectsOnly: true },
  'GET /api/v1/apps/:appId/usage': read('okta.apps.read', 'okta.apps.read'),
  'GET /api/v1/apps/:appId/suggestion': read('okta.apps.read', 'okta.apps.read'),
  // The org's credential-risk report names every API token, as only okta.apiTokens.read may see them all.
  'GET /api/v1/insights/credentials': read('okta.apiTokens.read', 'okta.apiTokens.read'),
  // Network zones (Okta Management API, `NetworkZone`); they act on no user, group or app.
  'GET /api/v1/zones': read('okta.networkZones.read', 'okta.networkZones.read'),
  'POST /api/v1/zones': write('okta.networkZones.manage', 'okta.networkZones.manage', []),
  'GET /api/v1/zones/:zoneId': read('okta.networkZones.read', 'okta.networkZones.read'),
  'PUT /api/v1/zones/:zoneId': write('okta.networkZones.manage', 'okta.networkZones.manage', []),
  'DELETE /api/v1/zones/:zoneId': write('okta.networkZones.manage', 'okta.networkZones.manage', []),
  'POST /api/v1/zones/:zoneId/lifecycle/activate': write('okta.networkZones.manage', 'okta.networkZones.manage', []),
  'POST /api/v1/zones/:zoneId/lifecycle/deactivate': write('okta.networkZones.manage', 'okta.networkZones.manage', []),
  // System Log
  'GET /api/v1/logs': read('okta.logs.read', 'okta.logs.read'),
  // OIDC apps, their public keys (Okta Management API, `Application`, `ApplicationSSOPublicKeys`)
  'GET /api/v1/apps': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps': write('okta.apps.manage', 'okta.apps.manage', []),
  'GET /api/v1/apps/:appId': read('okta.apps.read', 'okta.apps.read'),
  'PUT /api/v1/apps/:appId': write('okta.apps.manage', 'okta.apps.manage', APP_REPLACE),
  'DELETE /api/v1/apps/:appId': write('okta.apps.manage', 'okta.apps.manage', ['app.delete']),
  'POST /api/v1/apps/:appId/lifecycle/activate': write('okta.apps.manage', 'okta.apps.manage', ['app.lifecycle.activate']),
  'POST /api/v1/apps/:appId/lifecycle/deactivate': write('okta.apps.manage', 'okta.apps.manage', ['app.lifecycle.deactivate']),
  'GET /api/v1/apps/:appId/credentials/jwks': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps/:appId/credentials/jwks': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'GET /api/v1/apps/:appId/credentials/jwks/:keyId': read('okta.apps.read', 'okta.apps.read'),
  'DELETE /api/v1/apps/:appId/credentials/jwks/:keyId': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/activate': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/deactivate': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'GET /api/v1/apps/:appId/credentials/secrets': read('okta.apps.read', 'okta.apps.read'),
  'POST /api/v1/apps/:appId/credentials/secrets': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'GET /api/v1/apps/:appId/credentials/secrets/:secretId': read('okta.apps.read', 'okta.apps.read'),
  'DELETE /api/v1/apps/:appId/credentials/secrets/:secretId': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/activate': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/deactivate': write('okta.apps.manage', 'okta.apps.manage', CREDENTIALS),
  // Scope grants of apps (Okta Management API, `ApplicationGrants`; only a SUPER_ADMIN holds okta.appGrants.manage)
  'GET /api/v1/apps/:appId/grants': read('okta.appGrants.read', 'okta.appGrants.read'),
  'POST /api/v1/apps/:appId/grants': write('okta.appGrants.manage', 'okta.appGrants.manage', ['app.grant.add']),
  'GET /api/v1/apps/:appId/grants/:grantId': read('okta.appGrants.read', 'okta.appGrants.read'),
  'DELETE /api/v1/apps/:appId/grants/:grantId': write('okta.appGrants.manage', 'okta.appGrants.manage', ['app.grant.revoke']),
  // Event hooks (Okta Management API, `EventHook`); the deliveries list is Tessera's extension.
  'GET /api/v1/eventHooks': read('okta.eventHooks.read', 'okta.eventHooks.read'),
  'POST /api/v1/eventHooks': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'GET /api/v1/eventHooks/:eventHookId': read('okta.eventHooks.read', 'okta.eventHooks.read'),
  'PUT /api/v1/eventHooks/:eventHookId': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'DELETE /api/v1/eventHooks/:eventHookId': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify': write('okta.eventHooks.manage', 'okta.eventHooks.manage', []),
  'GET /api/v1/eventHooks/:eventHookId/deliveries': read('okta.eventHooks.read', 'okta.eventHooks.read'),
  // Dynamic Client Registration over the same apps (Okta's OAuth 2.0 API, `Client`: okta.clients.read/register/manage)
  'GET /oauth2/v1/clients': read('okta.clients.read', 'okta.apps.read'),
  'POST /oauth2/v1/clients': write('okta.clients.register', 'okta.apps.manage', []),
  'GET /oauth2/v1/clients/:clientId': read('okta.clients.read', 'okta.apps.read'),
  'PUT /oauth2/v1/clients/:clientId': write('okta.clients.manage', 'okta.apps.manage', APP_REPLACE),
  'DELETE /oauth2/v1/clients/:clientId': write('okta.clients.manage', 'okta.apps.manage', ['app.delete']),
  'POST /oauth2/v1/clients/:clientId/lifecycle/newSecret': write('okta.clients.manage', 'okta.apps.manage', CREDENTIALS),
  // Admin roles of client apps (Okta Management API, `RoleAssignmentClient`)
  'GET /oauth2/v1/clients/:clientId/roles': read('okta.roles.read', 'okta.roles.read'),
  'POST /oauth2/v1/clients/:clientId/roles': write('okta.roles.manage', 'okta.roles.manage', ['app.role.assign']),
  'GET /oauth2/v1/clients/:clientId/roles/:roleAssignmentId': read('okta.roles.read', 'okta.roles.read'),
  'DELETE /oauth2/v1/clients/:clientId/roles/:roleAssignmentId': write('okta.roles.manage', 'okta.roles.manage', ['app.role.unassign']),
};
