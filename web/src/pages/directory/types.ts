/**
 * Wire shapes of the directory pages beyond the shared ones (web/src/api/types.ts), from the
 * server's own schemas (src/management/users/schemas.ts, groups/schemas.ts, roles/schemas.ts),
 * and small helpers to show them.
 */
import type { OktaGroup, OktaUser, RoleAssignment } from '../../api/types';
import { isRoleType, ROLE_LABELS, ROLE_TYPES, type RoleType } from '../../../../src/auth/permissions';

export { ROLE_LABELS, ROLE_TYPES, type RoleType };

export interface Href {
  readonly href: string;
  readonly method?: string;
}

/** A user as GET /api/v1/users/{id} sends it: `credentials.password` is `{}` when one is set. */
export interface DirectoryUser extends OktaUser {
  readonly credentials?: { readonly password?: Readonly<Record<string, never>>; readonly provider?: { readonly type: string; readonly name: string } };
  readonly _links?: Readonly<Record<string, Href>>;
}

/** A role assignment; `_links.assignee` names the user or the group that holds it. */
export interface DirectoryRole extends RoleAssignment {
  readonly _links?: { readonly assignee?: Href };
}

export type DirectoryGroup = OktaGroup;

/** Okta's user statuses (src/store/records.ts `UserStatus`). */
export const USER_STATUSES = ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<UserStatus, string>> = {
  STAGED: 'Staged',
  PROVISIONED: 'Pending activation (provisioned)',
  ACTIVE: 'Active',
  RECOVERY: 'Password reset (recovery)',
  PASSWORD_EXPIRED: 'Password expired',
  LOCKED_OUT: 'Locked out',
  SUSPENDED: 'Suspended',
  DEPROVISIONED: 'Deactivated',
};

/** "First Last", or the login when the user has no names. */
export function nameOf(user: OktaUser): string {
  const names = [user.profile.firstName, user.profile.lastName].filter((n): n is string => typeof n === 'string' && n !== '');
  return names.length > 0 ? names.join(' ') : user.profile.login;
}

export function roleLabel(type: string): string {
  return isRoleType(type) ? ROLE_LABELS[type] : type;
}

/** The id at the end of an assignee link (`…/api/v1/groups/00g…`), or undefined. */
export function assigneeId(role: DirectoryRole, kind: 'users' | 'groups'): string | undefined {
  const href = role._links?.assignee?.href;
  if (href === undefined) return undefined;
  const match = new RegExp(`/api/v1/${kind}/([^/?#]+)`).exec(href);
  return match?.[1] !== undefined ? decodeURIComponent(match[1]) : undefined;
}

/** A JSON string literal for a filter or search expression (RFC 8259, as the server parses it). */
export function literal(value: string): string {
  return JSON.stringify(value);
}

/** `/api/v1/users/{id}` with the id encoded. */
export function userPath(userId: string): string {
  return `/api/v1/users/${encodeURIComponent(userId)}`;
}

export function groupPath(groupId: string): string {
  return `/api/v1/groups/${encodeURIComponent(groupId)}`;
}
