import { describe, expect, it } from 'vitest';
import { SCOPE_PERMISSIONS } from '../../../src/auth/scopes';
import { accessOf } from './access';

const ALL = Object.keys(SCOPE_PERMISSIONS);
const who = { userId: '00u1', login: 'ann@example.com' };

describe('what the console shows', () => {
  it('a read-only admin reads everything readable and may change nothing but its own', () => {
    const may = accessOf(who, 'console', ALL, ['READ_ONLY_ADMIN']);
    expect(may('GET', '/api/v1/users')).toBe(true);
    expect(may('GET', '/api/v1/logs')).toBe(true);
    expect(may('POST', '/api/v1/users')).toBe(false);
    expect(may('POST', '/api/v1/users/:userId/lifecycle/deactivate', { userId: '00u2' })).toBe(false);
    expect(may('POST', '/api/v1/apps')).toBe(false);
    expect(may('POST', '/api/v1/groups/:groupId/roles', { groupId: '00g1' })).toBe(false);
    // Its own tokens are its own.
    expect(may('POST', '/api/v1/api-tokens')).toBe(true);
  });

  it("is the scopes ∩ the roles: a super admin's token without okta.users.manage shows no user change", () => {
    const may = accessOf(who, 'console', ['okta.users.read'], ['SUPER_ADMIN']);
    expect(may('GET', '/api/v1/users')).toBe(true);
    expect(may('POST', '/api/v1/users')).toBe(false);
    expect(may('GET', '/api/v1/groups')).toBe(false);
  });

  it('a user without an admin role sees nothing of the org, only itself', () => {
    const may = accessOf(who, 'console', ALL, []);
    expect(may('GET', '/api/v1/users')).toBe(false);
    expect(may('GET', '/api/v1/users/:userId', { userId: 'me' })).toBe(true);
  });

  it('refuses to guess about an endpoint the server does not have', () => {
    const may = accessOf(who, 'console', ALL, ['SUPER_ADMIN']);
    expect(() => may('GET', '/api/v1/nothing')).toThrow(/No endpoint/);
  });
});
