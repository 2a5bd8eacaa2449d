/**
 * What the signed-in admin may hand to an app, from the server's own rules: the `okta.*` scopes
 * there are, and the admin roles the no-escalation rule lets them assign (auth/grant-rules.ts:
 * only roles whose every permission their roles hold, SUPER_ADMIN only by a SUPER_ADMIN).
 */
import { mayGrantOrRevoke } from '../../../../src/auth/grant-rules';
import { permissionsOfRoles, ROLE_LABELS, ROLE_TYPES, type RoleType } from '../../../../src/auth/permissions';
import { SCOPE_PERMISSIONS, type OktaScope } from '../../../../src/auth/scopes';

export const ALL_SCOPES = Object.keys(SCOPE_PERMISSIONS) as readonly OktaScope[];

export function roleLabel(type: string): string {
  return (ROLE_LABELS as Readonly<Record<string, string>>)[type] ?? type;
}

/** The role types `roles` may assign or remove, each with the reason when not. */
export function roleChoices(roles: readonly string[]): readonly { type: RoleType; label: string; allowed: boolean; reason: string | undefined }[] {
  const caller = { roles, rolePermissions: permissionsOfRoles(roles) };
  return ROLE_TYPES.map((type) => {
    const check = mayGrantOrRevoke(caller, type);
    return { type, label: ROLE_LABELS[type], allowed: check.ok, reason: check.ok ? undefined : check.reason };
  });
}

export function mayAssignRole(roles: readonly string[], type: string): boolean {
  return roleChoices(roles).some((r) => r.type === type && r.allowed);
}

/** Removing a role follows the same rule; a role type this server no longer knows only a super admin removes. */
export function mayRemoveRole(roles: readonly string[], type: string): boolean {
  return (ROLE_TYPES as readonly string[]).includes(type) ? mayAssignRole(roles, type) : roles.includes('SUPER_ADMIN');
}
