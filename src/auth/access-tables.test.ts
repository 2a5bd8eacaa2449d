/**
 * The access tables, tested as tables (pure, no database): ROLE_PERMISSIONS × ENDPOINT_ACCESS
 * through `decide`, against an expectation written out by hand below. A new endpoint or a
 * changed role fails here until its row says who may call it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, type Decision } from './decide.js';
import { ENDPOINT_ACCESS } from './endpoint-access.js';
import { PERMISSIONS, permissionsOfRoles, ROLE_TYPES, type RoleType } from './permissions.js';
import type { Principal } from './principal.js';
import { isOktaScope, permissionsOfScopes, SCOPE_PERMISSIONS } from './scopes.js';

/** P: allowed by its permission. O: allowed, restricted to the caller's own objects. -: refused. */
type Cell = 'P' | 'O' | '-';
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

/** Column order of every row. */
const COLUMNS: readonly RoleType[] = [
  'SUPER_ADMIN',
  'ORG_ADMIN',
  'APP_ADMIN',
  'USER_ADMIN',
  'GROUP_MEMBERSHIP_ADMIN',
  'HELP_DESK_ADMIN',
  'READ_ONLY_ADMIN',
  'API_ACCESS_MANAGEMENT_ADMIN',
  'REPORT_ADMIN',
];

// prettier-ignore
const EXPECTED: Readonly<Record<string, Row>> = {
  //                                                                      SA   ORG  APP  USR  GMA  HDA  RO   API  REP
  'GET /api/v1/users':                                                  ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'POST /api/v1/users':                                                 ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'GET /api/v1/users/:userId':                                          ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'POST /api/v1/users/:userId':                                         ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'PUT /api/v1/users/:userId':                                          ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'DELETE /api/v1/users/:userId':                                       ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/activate':                      ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/reactivate':                    ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/deactivate':                    ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/suspend':                       ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/unsuspend':                     ['P', 'P', '-', 'P', '-', '-', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/unlock':                        ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'GET /api/v1/users/:userId/groups':                                   ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'POST /api/v1/users/:userId/credentials/change_password':            ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'POST /api/v1/users/:userId/lifecycle/expire_password':               ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'POST /api/v1/sessions':                                              ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'GET /api/v1/sessions/:sessionId':                                    ['P', 'P', '-', 'P', '-', 'P', 'P', '-', '-'],
  'DELETE /api/v1/sessions/:sessionId':                                 ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'POST /api/v1/sessions/:sessionId/lifecycle/refresh':                 ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'DELETE /api/v1/users/:userId/sessions':                              ['P', 'P', '-', 'P', '-', 'P', '-', '-', '-'],
  'GET /api/v1/groups':                                                 ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'POST /api/v1/groups':                                                ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/groups/:groupId':                                        ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'PUT /api/v1/groups/:groupId':                                        ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'DELETE /api/v1/groups/:groupId':                                     ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/groups/:groupId/users':                                  ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P', '-'],
  'PUT /api/v1/groups/:groupId/users/:userId':                          ['P', 'P', '-', 'P', 'P', '-', '-', '-', '-'],
  'DELETE /api/v1/groups/:groupId/users/:userId':                       ['P', 'P', '-', 'P', 'P', '-', '-', '-', '-'],
  // Only a Super Admin adds and removes administrators; org and read-only admins see them.
  'GET /api/v1/users/:userId/roles':                                    ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'POST /api/v1/users/:userId/roles':                                   ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/users/:userId/roles/:roleAssignmentId':                  ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'DELETE /api/v1/users/:userId/roles/:roleAssignmentId':               ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/groups/:groupId/roles':                                  ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'POST /api/v1/groups/:groupId/roles':                                 ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/groups/:groupId/roles/:roleAssignmentId':                ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'DELETE /api/v1/groups/:groupId/roles/:roleAssignmentId':             ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /oauth2/v1/clients/:clientId/roles':                             ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'POST /oauth2/v1/clients/:clientId/roles':                            ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /oauth2/v1/clients/:clientId/roles/:roleAssignmentId':           ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'DELETE /oauth2/v1/clients/:clientId/roles/:roleAssignmentId':        ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/iam/assignees/users':                                    ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  // Every admin owns tokens and manages its own; only a Super Admin sees everyone's.
  'GET /api/v1/api-tokens':                                             ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  // Tessera extension: every admin makes tokens of its own (the route refuses anyone else's).
  'POST /api/v1/api-tokens':                                            ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'GET /api/v1/api-tokens/:apiTokenId':                                 ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'PUT /api/v1/api-tokens/:apiTokenId':                                 ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'DELETE /api/v1/api-tokens/:apiTokenId':                              ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'DELETE /api/v1/api-tokens/current':                                  ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  // Tessera extensions: rotation and the usage insights follow the token's own visibility.
  'POST /api/v1/api-tokens/:apiTokenId/lifecycle/rotate':               ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'GET /api/v1/api-tokens/:apiTokenId/usage':                           ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  'GET /api/v1/api-tokens/:apiTokenId/suggestion':                      ['P', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'],
  // Migration makes an app: app managers only (its scope grants then need a super admin).
  'POST /api/v1/api-tokens/:apiTokenId/migrate':                        ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/usage':                                      ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'GET /api/v1/apps/:appId/suggestion':                                 ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'GET /api/v1/insights/credentials':                                   ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  // Network zones: org-wide settings, edited by super and org admins, viewed by read-only admins too.
  'GET /api/v1/zones':                                                  ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'POST /api/v1/zones':                                                 ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/zones/:zoneId':                                          ['P', 'P', '-', '-', '-', '-', 'P', '-', '-'],
  'PUT /api/v1/zones/:zoneId':                                          ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'DELETE /api/v1/zones/:zoneId':                                       ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/zones/:zoneId/lifecycle/activate':                      ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/zones/:zoneId/lifecycle/deactivate':                    ['P', 'P', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/logs':                                                   ['P', 'P', '-', '-', '-', '-', 'P', '-', 'P'],
  'GET /api/v1/apps':                                                   ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'POST /api/v1/apps':                                                  ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId':                                            ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'PUT /api/v1/apps/:appId':                                            ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'DELETE /api/v1/apps/:appId':                                         ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/lifecycle/activate':                        ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/lifecycle/deactivate':                      ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/credentials/jwks':                           ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'POST /api/v1/apps/:appId/credentials/jwks':                          ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/credentials/jwks/:keyId':                    ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'DELETE /api/v1/apps/:appId/credentials/jwks/:keyId':                 ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/activate':   ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/credentials/jwks/:keyId/lifecycle/deactivate': ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/credentials/secrets':                        ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'POST /api/v1/apps/:appId/credentials/secrets':                       ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/credentials/secrets/:secretId':              ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'DELETE /api/v1/apps/:appId/credentials/secrets/:secretId':           ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/activate':   ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/apps/:appId/credentials/secrets/:secretId/lifecycle/deactivate': ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  // Only a Super Admin grants Okta API scopes to apps.
  'GET /api/v1/apps/:appId/grants':                                     ['P', 'P', 'P', '-', '-', '-', 'P', '-', '-'],
  'POST /api/v1/apps/:appId/grants':                                    ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/apps/:appId/grants/:grantId':                            ['P', 'P', 'P', '-', '-', '-', 'P', '-', '-'],
  'DELETE /api/v1/apps/:appId/grants/:grantId':                         ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  // Only a Super Admin views and configures event hooks (help.okta.com, "Create an event hook").
  'GET /api/v1/eventHooks':                                             ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/eventHooks':                                            ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/eventHooks/:eventHookId':                                ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'PUT /api/v1/eventHooks/:eventHookId':                                ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'DELETE /api/v1/eventHooks/:eventHookId':                             ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/activate':            ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/deactivate':          ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'POST /api/v1/eventHooks/:eventHookId/lifecycle/verify':              ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /api/v1/eventHooks/:eventHookId/deliveries':                     ['P', '-', '-', '-', '-', '-', '-', '-', '-'],
  'GET /oauth2/v1/clients':                                             ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'POST /oauth2/v1/clients':                                            ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'GET /oauth2/v1/clients/:clientId':                                   ['P', 'P', 'P', '-', '-', '-', 'P', 'P', '-'],
  'PUT /oauth2/v1/clients/:clientId':                                   ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'DELETE /oauth2/v1/clients/:clientId':                                ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
  'POST /oauth2/v1/clients/:clientId/lifecycle/newSecret':              ['P', 'P', 'P', '-', '-', '-', '-', '-', '-'],
};

const CALLER = '00ucaller00000000000';
const SOMEONE_ELSE = '00usomeoneelse000000';

/** A user calling with an API token (unscoped: its rights are its roles'). */
function sswsCaller(roles: readonly string[]): Principal {
  return {
    subject: { kind: 'user', userId: CALLER, login: 'caller@example.com' },
    credential: { kind: 'ssws', tokenId: '00Tcaller' },
    roles,
    rolePermissions: permissionsOfRoles(roles),
    scopePermissions: undefined,
  };
}

/** A user calling with an OAuth access token: scopes ∩ roles. */
function scopedCaller(
  roles: readonly string[],
  scopes: readonly string[],
  subject: Principal['subject'] = { kind: 'user', userId: CALLER, login: 'caller@example.com' },
): Principal {
  return {
    subject,
    credential: { kind: 'access_token', tokenId: 'at', clientId: '0oaclient00000000000', scopes: new Set(scopes), dpop: false },
    roles,
    rolePermissions: permissionsOfRoles(roles),
    scopePermissions: permissionsOfScopes(scopes),
  };
}

function rule(key: string) {
  const found = ENDPOINT_ACCESS[key];
  assert.ok(found, `${key} is in ENDPOINT_ACCESS`);
  return found;
}

/** Every route parameter names someone else's object: no self access. */
function foreignParams(key: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of key.matchAll(/:([A-Za-z]+)/g)) if (match[1] !== undefined) params[match[1]] = SOMEONE_ELSE;
  return params;
}

function cellOf(decision: Decision): Cell {
  if (!decision.allow) return '-';
  return decision.via === 'own_objects' ? 'O' : 'P';
}

describe('access tables', () => {
  it('every endpoint entry names a known scope and a known permission, and its scope opens that permission', () => {
    for (const [key, access] of Object.entries(ENDPOINT_ACCESS)) {
      assert.match(key, /^(GET|POST|PUT|DELETE|PATCH) \/(api|oauth2)\/v1\/[A-Za-z0-9/:_-]+$/, key);
      assert.ok(isOktaScope(access.scope), `${key}: scope ${access.scope}`);
      assert.ok((PERMISSIONS as readonly string[]).includes(access.permission), `${key}: permission ${access.permission}`);
      // Otherwise a token carrying exactly the scope Okta documents could never call the endpoint.
      assert.ok(
        (SCOPE_PERMISSIONS[access.scope] as readonly string[]).includes(access.permission),
        `${key}: ${access.scope} does not open ${access.permission}`,
      );
      if (access.selfParam !== undefined) assert.ok(key.includes(`:${access.selfParam}`), `${key}: selfParam ${access.selfParam} is a route parameter`);
    }
  });

  it('every role permission exists, and SUPER_ADMIN holds them all', () => {
    for (const role of ROLE_TYPES) for (const p of permissionsOfRoles([role])) assert.ok((PERMISSIONS as readonly string[]).includes(p), `${role}: ${p}`);
    assert.deepEqual([...permissionsOfRoles(['SUPER_ADMIN'])].sort(), [...PERMISSIONS].sort());
    assert.deepEqual(COLUMNS, ROLE_TYPES, 'one column per role type');
  });

  it('has one expectation row per endpoint, no more, no less', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), Object.keys(ENDPOINT_ACCESS).sort());
  });

  for (const [key, row] of Object.entries(EXPECTED)) {
    it(`role × endpoint: ${key}`, () => {
      const access = rule(key);
      const got = COLUMNS.map((role) => cellOf(decide(sswsCaller([role]), access, foreignParams(key))));
      assert.deepEqual(got, [...row], `columns: ${COLUMNS.join(' ')}`);
      // A user without a role reaches only its own objects.
      assert.equal(cellOf(decide(sswsCaller([]), access, foreignParams(key))), access.ownObjectsOnly === true ? 'O' : '-');
    });
  }

  it('roles add up: a user holding two roles may do what either may', () => {
    const both = sswsCaller(['HELP_DESK_ADMIN', 'REPORT_ADMIN']);
    assert.equal(cellOf(decide(both, rule('POST /api/v1/users/:userId/lifecycle/unlock'), foreignParams('x'))), 'P');
    assert.equal(cellOf(decide(both, rule('GET /api/v1/logs'), {})), 'P');
    assert.equal(cellOf(decide(both, rule('POST /api/v1/users'), {})), '-');
  });

  it('a scoped token gets scopes ∩ roles: the scope it lacks is insufficient_scope, the permission its roles lack is no_permission', () => {
    const createUser = rule('POST /api/v1/users');
    assert.deepEqual(decide(scopedCaller(['SUPER_ADMIN'], ['okta.users.read']), createUser, {}), { allow: false, reason: 'insufficient_scope' });
    assert.deepEqual(decide(scopedCaller(['READ_ONLY_ADMIN'], ['okta.users.manage']), createUser, {}), { allow: false, reason: 'no_permission' });
    assert.deepEqual(decide(scopedCaller(['SUPER_ADMIN'], ['okta.users.manage']), createUser, {}), { allow: true, via: 'permission' });
    // manage includes read (Okta: "manage scopes can do everything that the read scopes do").
    assert.deepEqual(decide(scopedCaller(['READ_ONLY_ADMIN'], ['okta.users.manage']), rule('GET /api/v1/users'), {}), { allow: true, via: 'permission' });
    // A scope for another resource does not help.
    assert.deepEqual(decide(scopedCaller(['SUPER_ADMIN'], ['okta.groups.manage']), rule('GET /api/v1/users'), {}), {
      allow: false,
      reason: 'insufficient_scope',
    });
    // The user's groups are read with the users scope alone (Okta's Management API reference).
    assert.deepEqual(decide(scopedCaller(['READ_ONLY_ADMIN'], ['okta.users.read']), rule('GET /api/v1/users/:userId/groups'), foreignParams('x')), {
      allow: true,
      via: 'permission',
    });
    // A service app (client subject) acting as an administrator follows the same rule.
    const app = scopedCaller(['USER_ADMIN'], ['okta.users.manage'], { kind: 'client', clientId: '0oaservice0000000000' });
    assert.deepEqual(decide(app, createUser, {}), { allow: true, via: 'permission' });
    assert.deepEqual(decide(app, rule('POST /api/v1/groups'), {}), { allow: false, reason: 'insufficient_scope' });
  });

  it('a user always reads itself through `me` or its own id, and nothing else without a permission', () => {
    const getUser = rule('GET /api/v1/users/:userId');
    const nobody = sswsCaller([]);
    assert.deepEqual(decide(nobody, getUser, { userId: 'me' }), { allow: true, via: 'self' });
    assert.deepEqual(decide(nobody, getUser, { userId: CALLER }), { allow: true, via: 'self' });
    assert.deepEqual(decide(nobody, getUser, { userId: SOMEONE_ELSE }), { allow: false, reason: 'no_permission' });
    assert.deepEqual(decide(nobody, rule('GET /api/v1/users/:userId/groups'), { userId: 'me' }), { allow: true, via: 'self' });
    // Self access reads, it does not write.
    assert.deepEqual(decide(nobody, rule('POST /api/v1/users/:userId'), { userId: 'me' }), { allow: false, reason: 'no_permission' });
    assert.deepEqual(decide(nobody, rule('GET /api/v1/users/:userId/roles'), { userId: 'me' }), { allow: false, reason: 'no_permission' });
    // A scoped token still needs the scope to read itself; a client has no `me`.
    assert.deepEqual(decide(scopedCaller([], ['okta.users.read']), getUser, { userId: 'me' }), { allow: true, via: 'self' });
    assert.deepEqual(decide(scopedCaller([], ['okta.logs.read']), getUser, { userId: 'me' }), { allow: false, reason: 'insufficient_scope' });
    assert.deepEqual(decide(scopedCaller(['REPORT_ADMIN'], ['okta.users.read'], { kind: 'client', clientId: '0oa' }), getUser, { userId: 'me' }), {
      allow: false,
      reason: 'no_permission',
    });
  });

  it('API tokens: without okta.apiTokens.* a caller is let through to its own tokens only', () => {
    const list = rule('GET /api/v1/api-tokens');
    assert.deepEqual(decide(sswsCaller(['USER_ADMIN']), list, {}), { allow: true, via: 'own_objects' });
    assert.deepEqual(decide(sswsCaller(['SUPER_ADMIN']), list, {}), { allow: true, via: 'permission' });
    // A scoped SUPER_ADMIN without the API tokens scopes is refused, not narrowed.
    assert.deepEqual(decide(scopedCaller(['SUPER_ADMIN'], ['okta.users.read']), list, {}), { allow: false, reason: 'insufficient_scope' });
    // With the read scope only, a SUPER_ADMIN reads everyone's but revokes only its own.
    const readOnly = scopedCaller(['SUPER_ADMIN'], ['okta.apiTokens.read']);
    assert.deepEqual(decide(readOnly, list, {}), { allow: true, via: 'permission' });
    assert.deepEqual(decide(readOnly, rule('DELETE /api/v1/api-tokens/:apiTokenId'), foreignParams('x')), { allow: false, reason: 'insufficient_scope' });
  });

  it('revoking the calling token is for API tokens only', () => {
    const current = rule('DELETE /api/v1/api-tokens/current');
    assert.deepEqual(decide(sswsCaller([]), current, {}), { allow: true, via: 'own_objects' });
    assert.deepEqual(decide(sswsCaller(['SUPER_ADMIN']), current, {}), { allow: true, via: 'own_objects' });
    assert.deepEqual(decide(scopedCaller(['SUPER_ADMIN'], ['okta.apiTokens.manage']), current, {}), { allow: false, reason: 'ssws_only' });
  });
});
