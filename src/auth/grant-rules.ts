/**
 * No escalation through role assignment: a caller assigns or removes only roles whose every
 * permission its own admin roles hold, and only a SUPER_ADMIN assigns or removes SUPER_ADMIN
 * (Okta: "only the Super Admin role can add or remove administrators"; a custom-role admin
 * cannot add or remove SUPER_ADMIN). A token's scopes do not enter here: they decide whether it
 * may call the endpoint at all (Okta's service-app guide: a super admin's app with
 * `okta.roles.manage` assigns roles). Pure.
 */
import { AccessDenied } from './access-denied.js';
import type { RoleType } from './permissions.js';
import type { LogTarget } from '../store/records.js';
import { covers, holdingsOfCaller, holdingsOfRoles, type CallerRights } from './target-rules.js';

export type GrantCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function mayGrantOrRevoke(caller: CallerRights | undefined, roleType: RoleType): GrantCheck {
  if (caller === undefined) return { ok: false, reason: 'The caller is not authenticated' };
  const coverage = covers(holdingsOfCaller(caller), holdingsOfRoles([roleType]));
  if (coverage.covered) return { ok: true };
  if (coverage.superAdmin) return { ok: false, reason: 'Only a super administrator can assign or remove SUPER_ADMIN' };
  return { ok: false, reason: `${roleType} carries ${coverage.missing.join(', ')}, which your admin roles do not hold` };
}

/** 403 E0000006, with the reason as the cause (it names only the caller's own rights). */
export function assertMayGrantOrRevoke(caller: CallerRights | undefined, roleType: RoleType, targets: readonly LogTarget[] = []): void {
  const check = mayGrantOrRevoke(caller, roleType);
  if (!check.ok) throw new AccessDenied('role.escalation', check.reason, targets, { field: 'type' });
}
