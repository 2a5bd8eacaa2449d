/**
 * No escalation (SECURITY.md "Authorization"): a principal assigns or removes only roles whose
 * every permission it holds itself, its role permissions bounded by its token's scopes; and only
 * a SUPER_ADMIN assigns or removes SUPER_ADMIN (Okta: "only the Super Admin role can add or
 * remove administrators"; a custom-role admin cannot add or remove SUPER_ADMIN). Pure.
 */
import { holds, type Principal } from './principal.js';
import { ROLE_PERMISSIONS, type RoleType } from './permissions.js';
import { DomainError } from '../errors/domain-error.js';

export type GrantCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function mayGrantOrRevoke(principal: Principal | undefined, roleType: RoleType): GrantCheck {
  if (principal === undefined) return { ok: false, reason: 'The caller is not authenticated' };
  if (roleType === 'SUPER_ADMIN' && !principal.roles.includes('SUPER_ADMIN')) {
    return { ok: false, reason: 'Only a super administrator can assign or remove SUPER_ADMIN' };
  }
  const missing = ROLE_PERMISSIONS[roleType].filter((permission) => !holds(principal, permission));
  if (missing.length > 0) {
    const scoped = principal.scopePermissions !== undefined ? ' with the scopes of this token' : '';
    return { ok: false, reason: `${roleType} carries ${missing.join(', ')}, which the caller does not hold${scoped}` };
  }
  return { ok: true };
}

/** 403 E0000006, with the reason as the cause (it names only the caller's own rights). */
export function assertMayGrantOrRevoke(principal: Principal | undefined, roleType: RoleType): void {
  const check = mayGrantOrRevoke(principal, roleType);
  if (!check.ok) {
    throw new DomainError('forbidden', 'role.escalation', 'You do not have permission to perform the requested action', [{ field: 'type', message: check.reason }]);
  }
}
