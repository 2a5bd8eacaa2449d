/**
 * The second half of the access decision: whether a caller may act on *this* target. The
 * endpoint table (`endpoint-access.ts` + `decide.ts`) says whether the caller may call an
 * endpoint at all; this table says which operations look at what the target holds.
 *
 * The rule is one sentence: nobody acts on a principal or an app that holds more than they do.
 * A *guarded* operation (one that lets the caller sign in as the target, take over where its
 * tokens go, or remove it) needs a caller whose admin roles hold every permission the target
 * holds, and a SUPER_ADMIN target needs a SUPER_ADMIN caller. The operations Okta lets lower
 * admins perform on super admins stay open: suspend, unsuspend, activate and clear sessions
 * (help.okta.com, "Standard administrator roles and permissions", user management table: "°
 * Admin can perform the action on super admins").
 *
 * Tessera's own apps (first-party-apps.ts: the admin console's client, whose tokens carry every
 * `okta.*` scope of whoever signs in) are a super administrator's alone: every operation on one,
 * the open ones included, needs a SUPER_ADMIN caller.
 *
 * Roles bound what may be granted or touched, scopes only gate endpoints: the caller's side is
 * always its *role* permissions (Okta's service-app guide: a super admin's app holding
 * `okta.roles.manage` may assign roles). Pure, so it is tested as a table (target-rules.test.ts).
 */
import { isRoleType, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './permissions.js';
import { permissionsOfScopes } from './scopes.js';

export type TargetKind = 'user' | 'group' | 'app';

interface TargetRule {
  readonly kind: TargetKind;
  /** Needs a caller holding everything the target holds. */
  readonly guarded: boolean;
  /** What the caller tries, for the refusal's message ("…may not <action>"). */
  readonly action: string;
}

const guarded = (kind: TargetKind, action: string): TargetRule => ({ kind, guarded: true, action });
const open = (kind: TargetKind, action: string): TargetRule => ({ kind, guarded: false, action });

/** Every operation of the Management API that acts on an existing user, group or app. */
export const TARGET_RULES = {
  // Users: whatever lets the caller sign in as the user, or removes the user.
  'user.profile.update': guarded('user', "change this user's profile (login, email and every other attribute)"),
  'user.password.set': guarded('user', "set this user's password"),
  'user.password.change': guarded('user', "change this user's password"),
  'user.password.expire': guarded('user', "expire this user's password"),
  'user.lifecycle.deactivate': guarded('user', 'deactivate this user'),
  'user.lifecycle.reactivate': guarded('user', 'reactivate this user'),
  'user.lifecycle.unlock': guarded('user', 'unlock this user'),
  'user.delete': guarded('user', 'delete this user'),
  // Okta lets lower admins do these to super admins.
  'user.lifecycle.activate': open('user', 'activate this user'),
  'user.lifecycle.suspend': open('user', 'suspend this user'),
  'user.lifecycle.unsuspend': open('user', 'unsuspend this user'),
  'user.sessions.clear': open('user', "end this user's sessions"),
  // The role itself is checked by the grant rule (`mayGrantOrRevoke`); the assignee holds nothing the caller takes over.
  'user.role.assign': open('user', 'assign a role to this user'),
  'user.role.unassign': open('user', "remove this user's role"),
  // Groups: their members hold the group's roles.
  'group.membership.add': guarded('group', 'add members to this group'),
  'group.membership.remove': guarded('group', 'remove members from this group'),
  'group.delete': guarded('group', 'delete this group'),
  'group.role.assign': guarded('group', 'assign a role to this group'),
  'group.role.unassign': guarded('group', "remove this group's role"),
  'group.profile.update': open('group', "change this group's profile"),
  // Apps: whatever decides where the app's tokens go or who can redeem them.
  'app.delivery.change': guarded(
    'app',
    "change where this app's tokens are delivered (redirect URIs, grant and response types, client type, authentication method, DPoP binding)",
  ),
  'app.credentials.change': guarded('app', "change this app's keys or client secrets"),
  'app.grant.add': guarded('app', 'grant Okta API scopes to this app'),
  'app.grant.revoke': guarded('app', 'revoke Okta API scopes of this app'),
  'app.role.assign': guarded('app', 'assign a role to this app'),
  'app.role.unassign': guarded('app', "remove this app's role"),
  'app.profile.update': open('app', "change this app's label and other settings"),
  'app.lifecycle.activate': open('app', 'activate this app'),
  'app.lifecycle.deactivate': open('app', 'deactivate this app'),
  'app.delete': open('app', 'delete this app'),
} as const satisfies Readonly<Record<string, TargetRule>>;

export type TargetOperation = keyof typeof TARGET_RULES;

export const TARGET_OPERATIONS = Object.keys(TARGET_RULES) as readonly TargetOperation[];

/** What a target holds, as read from the store at the moment of the change. */
export type TargetFacts =
  | { readonly kind: 'user'; readonly label: string; readonly roles: readonly string[] }
  | { readonly kind: 'group'; readonly label: string; readonly roles: readonly string[] }
  | {
      readonly kind: 'app';
      readonly label: string;
      readonly grantedScopes: readonly string[];
      readonly clientRoles: readonly string[];
      /** One of Tessera's own apps (first-party-apps.ts): every operation on it needs a super admin. */
      readonly firstParty: boolean;
    };

/** The caller's side: its admin roles and what they open, never bounded by a token's scopes. */
export interface CallerRights {
  readonly roles: readonly string[];
  readonly rolePermissions: ReadonlySet<Permission>;
}

/** What someone (a caller, a target, a role about to be granted) holds. */
export interface Holdings {
  readonly superAdmin: boolean;
  readonly permissions: ReadonlySet<Permission>;
}

/**
 * A role type this version does not know (another version's, or a custom role) is held as
 * SUPER_ADMIN would be: unknown power is treated as the most, so only a super admin touches it.
 */
export function holdingsOfRoles(roles: Iterable<string>): Holdings {
  let superAdmin = false;
  const permissions = new Set<Permission>();
  for (const role of roles) {
    const known = isRoleType(role) ? role : 'SUPER_ADMIN';
    if (known === 'SUPER_ADMIN') superAdmin = true;
    for (const p of ROLE_PERMISSIONS[known]) permissions.add(p);
  }
  return { superAdmin, permissions };
}

/**
 * An app's tokens carry at most its granted `okta.*` scopes (for a user or for itself) and at
 * most its client roles (for itself): whoever redirects its tokens or holds its keys holds both.
 */
export function holdingsOf(target: TargetFacts): Holdings {
  if (target.kind !== 'app') return holdingsOfRoles(target.roles);
  const roles = holdingsOfRoles(target.clientRoles);
  const permissions = new Set<Permission>([...roles.permissions, ...permissionsOfScopes(target.grantedScopes)]);
  return { superAdmin: roles.superAdmin, permissions };
}

export function holdingsOfCaller(caller: CallerRights): Holdings {
  return { superAdmin: caller.roles.includes('SUPER_ADMIN'), permissions: caller.rolePermissions };
}

export type Coverage = { readonly covered: true } | { readonly covered: false; readonly superAdmin: boolean; readonly missing: readonly Permission[] };

/** Whether `caller` holds everything `held` holds. */
export function covers(caller: Holdings, held: Holdings): Coverage {
  if (held.superAdmin && !caller.superAdmin) return { covered: false, superAdmin: true, missing: [] };
  const missing = PERMISSIONS.filter((p) => held.permissions.has(p) && !caller.permissions.has(p));
  return missing.length === 0 ? { covered: true } : { covered: false, superAdmin: false, missing };
}

export type TargetDecision = { readonly allow: true } | { readonly allow: false; readonly reason: string };

export function decideOnTarget(caller: CallerRights, operation: TargetOperation, target: TargetFacts): TargetDecision {
  const rule: TargetRule = TARGET_RULES[operation];
  if (rule.kind !== target.kind) throw new TypeError(`${operation} acts on a ${rule.kind}, not on a ${target.kind}`);
  if (target.kind === 'app' && target.firstParty) {
    if (holdingsOfCaller(caller).superAdmin) return { allow: true };
    return { allow: false, reason: `The app ${target.label} is Tessera's own admin console: only a super administrator may ${rule.action}` };
  }
  if (!rule.guarded) return { allow: true };
  const coverage = covers(holdingsOfCaller(caller), holdingsOf(target));
  if (coverage.covered) return { allow: true };
  const who = `${target.kind === 'user' ? 'The user' : target.kind === 'group' ? 'The group' : 'The app'} ${target.label}`;
  if (coverage.superAdmin) {
    const how = target.kind === 'group' ? 'grants SUPER_ADMIN to its members' : 'holds SUPER_ADMIN';
    return { allow: false, reason: `${who} ${how}: only a super administrator may ${rule.action}` };
  }
  const how = target.kind === 'group' ? 'grants its members' : target.kind === 'app' ? 'has tokens that carry' : 'holds';
  return { allow: false, reason: `${who} ${how} ${coverage.missing.join(', ')}, which your admin roles do not hold: you may not ${rule.action}` };
}

/** The operator on the server's own machine (CLI, first start): whoever holds the database holds everything. */
export const SYSTEM_CALLER: CallerRights = { roles: ['SUPER_ADMIN'], rolePermissions: new Set(PERMISSIONS) };
