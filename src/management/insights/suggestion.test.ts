/** The least-privilege suggestion as a table: observed requests and holdings in, scopes and roles out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimalScopes, narrowestRoles, suggest, type ObservedRequest } from './suggestion.js';

const row = (method: string, route: string, permission: string, scope: string, via: ObservedRequest['via'] = 'permission', requests = 1): ObservedRequest => ({
  method,
  route,
  permission,
  scope,
  via,
  requests,
});

const READ_USER = row('GET', '/api/v1/users/:userId', 'okta.users.read', 'okta.users.read');
const LIST_GROUPS = row('GET', '/api/v1/groups', 'okta.groups.read', 'okta.groups.read');
const CREATE_USER = row('POST', '/api/v1/users', 'okta.users.create', 'okta.users.manage');
const ADD_MEMBER = row('PUT', '/api/v1/groups/:groupId/users/:userId', 'okta.groups.members.manage', 'okta.groups.manage');
const READ_LOGS = row('GET', '/api/v1/logs', 'okta.logs.read', 'okta.logs.read');
const ASSIGN_ROLE = row('POST', '/api/v1/users/:userId/roles', 'okta.roles.manage', 'okta.roles.manage');

describe('least-privilege suggestion', () => {
  const cases: { name: string; observed: ObservedRequest[]; roles: string[]; scopes: string[] }[] = [
    { name: 'nothing used: no scope, no role', observed: [], roles: [], scopes: [] },
    { name: 'reads of users only: a read-only role, not one that can write', observed: [READ_USER], roles: ['READ_ONLY_ADMIN'], scopes: ['okta.users.read'] },
    { name: 'the System Log only: the Report Administrator', observed: [READ_LOGS], roles: ['REPORT_ADMIN'], scopes: ['okta.logs.read'] },
    {
      name: 'group membership changes: the Group Membership Administrator',
      observed: [READ_USER, LIST_GROUPS, ADD_MEMBER],
      roles: ['GROUP_MEMBERSHIP_ADMIN'],
      scopes: ['okta.groups.manage', 'okta.users.read'],
    },
    {
      name: 'user creation and membership: the User Administrator covers both',
      observed: [READ_USER, CREATE_USER, ADD_MEMBER],
      roles: ['USER_ADMIN'],
      scopes: ['okta.groups.manage', 'okta.users.manage'],
    },
    {
      name: 'user creation and the System Log: two roles',
      observed: [CREATE_USER, READ_LOGS],
      roles: ['USER_ADMIN', 'REPORT_ADMIN'],
      scopes: ['okta.logs.read', 'okta.users.manage'],
    },
    {
      name: 'assigning admin roles: only the Super Administrator may',
      observed: [ASSIGN_ROLE, READ_USER],
      roles: ['SUPER_ADMIN'],
      scopes: ['okta.roles.manage', 'okta.users.read'],
    },
    {
      name: 'refused requests ask for nothing',
      observed: [READ_USER, row('POST', '/api/v1/users', 'okta.users.create', 'okta.users.manage', 'none', 5)],
      roles: ['READ_ONLY_ADMIN'],
      scopes: ['okta.users.read'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = suggest(c.observed, { roles: ['SUPER_ADMIN'] });
      assert.deepEqual(result.suggested.roles, c.roles);
      assert.deepEqual(result.suggested.scopes, c.scopes);
    });
  }

  it('lists the permissions observed, and those held but never used', () => {
    const result = suggest([READ_USER, LIST_GROUPS], { roles: ['GROUP_MEMBERSHIP_ADMIN'] });
    assert.deepEqual(result.observedPermissions, ['okta.groups.read', 'okta.users.read']);
    assert.deepEqual(result.unusedPermissions, ['okta.groups.members.manage']);
    assert.deepEqual(result.uncovered, []);
  });

  it("an OAuth client's holdings are its roles bounded by its granted scopes", () => {
    const result = suggest([READ_USER], { roles: ['USER_ADMIN'], scopes: ['okta.users.read', 'okta.groups.read'] });
    assert.deepEqual(result.unusedPermissions, ['okta.groups.read']);
  });

  it('requests let through without the permission (self, own objects) are uncovered for a service app', () => {
    const result = suggest(
      [
        READ_USER,
        row('GET', '/api/v1/users/:userId', 'okta.users.read', 'okta.users.read', 'self', 3),
        row('GET', '/api/v1/api-tokens', 'okta.apiTokens.read', 'okta.apiTokens.read', 'own_objects', 2),
      ],
      { roles: ['USER_ADMIN'] },
    );
    assert.deepEqual(result.suggested.roles, ['READ_ONLY_ADMIN']);
    assert.deepEqual(
      result.uncovered.map((u) => [u.method, u.route, u.requests]),
      [
        ['GET', '/api/v1/api-tokens', 2],
        ['GET', '/api/v1/users/:userId', 3],
      ],
    );
  });

  it('a permission no standard role grants is uncovered, and the rest is still suggested', () => {
    const result = suggest([READ_USER, row('GET', '/api/v1/things', 'okta.things.read', 'okta.things.read')], { roles: [] });
    assert.deepEqual(result.suggested.roles, ['READ_ONLY_ADMIN']);
    assert.deepEqual(
      result.uncovered.map((u) => u.reason),
      ['no standard role grants okta.things.read'],
    );
  });

  it('minimalScopes drops a read scope whose manage scope is there', () => {
    assert.deepEqual(minimalScopes(['okta.users.read', 'okta.users.manage', 'okta.groups.read']), ['okta.groups.read', 'okta.users.manage']);
  });

  it('narrowestRoles: nothing needed is no role; an unknown permission cannot be covered', () => {
    assert.deepEqual(narrowestRoles(new Set()), []);
    assert.equal(narrowestRoles(new Set(['okta.nothing.manage'])), undefined);
  });
});
