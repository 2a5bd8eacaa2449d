/** No escalation, as a table: who may assign or remove which role (pure). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLE_PERMISSIONS, permissionsOfRoles, ROLE_TYPES, type Permission, type RoleType } from './permissions.js';
import type { Principal } from './principal.js';
import { permissionsOfScopes } from './scopes.js';
import { DomainError } from '../errors/domain-error.js';
import { assertMayGrantOrRevoke, mayGrantOrRevoke } from './grant-rules.js';

function caller(roles: readonly string[], permissions: Iterable<Permission> = permissionsOfRoles(roles), scopes?: readonly string[]): Principal {
  return {
    subject: { kind: 'user', userId: '00ucaller00000000000', login: 'caller@example.com' },
    credential:
      scopes === undefined ? { kind: 'ssws', tokenId: '00T' } : { kind: 'access_token', tokenId: 'at', clientId: '0oa', scopes: new Set(scopes), dpop: false },
    roles,
    rolePermissions: new Set(permissions),
    scopePermissions: scopes === undefined ? undefined : permissionsOfScopes(scopes),
  };
}

const allowed = (principal: Principal | undefined) => ROLE_TYPES.filter((role) => mayGrantOrRevoke(principal, role).ok);

describe('who may assign or remove a role', () => {
  it('a SUPER_ADMIN with an API token: every role', () => {
    assert.deepEqual(allowed(caller(['SUPER_ADMIN'])), [...ROLE_TYPES]);
  });

  it('a principal with an ORG_ADMIN’s permissions and okta.roles.manage (a custom role): the roles within them, never SUPER_ADMIN', () => {
    const custom = caller(['ORG_ADMIN'], [...ROLE_PERMISSIONS.ORG_ADMIN, 'okta.roles.manage']);
    const expected: RoleType[] = ['ORG_ADMIN', 'APP_ADMIN', 'USER_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'HELP_DESK_ADMIN', 'READ_ONLY_ADMIN', 'REPORT_ADMIN'];
    assert.deepEqual(allowed(custom), expected);
    assert.deepEqual(mayGrantOrRevoke(custom, 'SUPER_ADMIN'), { ok: false, reason: 'Only a super administrator can assign or remove SUPER_ADMIN' });
    assert.deepEqual(mayGrantOrRevoke(custom, 'API_ACCESS_MANAGEMENT_ADMIN'), {
      ok: false,
      reason: 'API_ACCESS_MANAGEMENT_ADMIN carries okta.authzServers.read, okta.authzServers.manage, which your admin roles do not hold',
    });
  });

  it('holding every permission is not being a SUPER_ADMIN', () => {
    const everything = caller(['ORG_ADMIN'], ROLE_PERMISSIONS.SUPER_ADMIN);
    assert.equal(mayGrantOrRevoke(everything, 'SUPER_ADMIN').ok, false);
    assert.equal(mayGrantOrRevoke(everything, 'ORG_ADMIN').ok, true);
  });

  it('a scoped SUPER_ADMIN: every role, whatever its scopes (scopes gate endpoints, roles bound grants)', () => {
    assert.deepEqual(allowed(caller(['SUPER_ADMIN'], undefined, ['okta.roles.manage'])), [...ROLE_TYPES]);
    assert.deepEqual(allowed(caller(['SUPER_ADMIN'], undefined, ['okta.users.manage', 'okta.roles.manage'])), [...ROLE_TYPES]);
  });

  it('a scoped lower admin: still only what its roles hold, whatever its scopes', () => {
    const scoped = caller(['USER_ADMIN'], undefined, ['okta.roles.manage', 'okta.users.manage', 'okta.apps.manage']);
    assert.deepEqual(allowed(scoped), ['USER_ADMIN', 'GROUP_MEMBERSHIP_ADMIN', 'HELP_DESK_ADMIN']);
  });

  it('no principal, no role; a refusal is 403 E0000006 with the reason as its cause', () => {
    assert.deepEqual(allowed(undefined), []);
    assert.throws(
      () => assertMayGrantOrRevoke(caller(['READ_ONLY_ADMIN']), 'USER_ADMIN'),
      (error: unknown) =>
        error instanceof DomainError &&
        error.kind === 'forbidden' &&
        error.causes[0]?.field === 'type' &&
        /USER_ADMIN carries okta\.users\.create/.test(error.causes[0].message),
    );
    assert.doesNotThrow(() => assertMayGrantOrRevoke(caller(['SUPER_ADMIN']), 'SUPER_ADMIN'));
  });
});
