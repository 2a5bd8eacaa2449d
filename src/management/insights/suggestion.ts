/**
 * Least privilege from observed use: given the requests a credential made in a window (as
 * counted at the edge), the smallest set of `okta.*` scopes and the narrowest set of standard
 * roles that would have allowed every one of them, and what the credential holds but never used.
 * A pure function of the observed rows and the two tables (auth/permissions.ts, auth/scopes.ts).
 *
 * "Narrowest" is the role set that covers every permission used with the fewest write
 * permissions (anything but `*.read`), then the fewest permissions in all, then the fewest roles,
 * then the first in the order of ROLE_TYPES: a read-only integration is offered a read-only role. Requests the access
 * decision let through without the permission (a user acting on itself, a caller listing its own
 * API tokens, an endpoint only an API token may call) cannot be granted to a service app by any
 * role or scope: they are listed as `uncovered`.
 */
import { PERMISSIONS, permissionsOfRoles, ROLE_TYPES, type Permission, type RoleType } from '../../auth/permissions.js';
import { isOktaScope, permissionsOfScopes } from '../../auth/scopes.js';
import type { UsageVia } from '../../store/usage-store.js';

export interface ObservedRequest {
  readonly method: string;
  readonly route: string;
  readonly permission: string;
  readonly scope: string;
  readonly via: UsageVia;
  readonly requests: number;
}

export interface Holdings {
  readonly roles: string[];
  /** The scopes granted (an OAuth client); undefined for an API token, which has none. */
  readonly scopes?: string[];
}

export interface Uncovered {
  readonly method: string;
  readonly route: string;
  readonly requests: number;
  readonly reason: string;
}

export interface Suggestion {
  readonly observedPermissions: string[];
  readonly suggested: { readonly scopes: string[]; readonly roles: RoleType[] };
  readonly unusedPermissions: string[];
  readonly uncovered: Uncovered[];
}

const UNCOVERED_REASON: Readonly<Record<Exclude<UsageVia, 'permission' | 'none'>, string>> = {
  self: 'allowed because the user acted on itself; a service app has no self',
  own_objects: "allowed on the caller's own objects only (its own API tokens); a service app owns none",
};

function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Lexicographic order of two rankings of equal length. */
function isLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** The narrowest role set covering `needed` (empty when nothing is needed), or undefined when no role set can. */
export function narrowestRoles(needed: ReadonlySet<string>): RoleType[] | undefined {
  if (needed.size === 0) return [];
  let best: { roles: RoleType[]; rank: readonly number[] } | undefined;
  for (let mask = 1; mask < 1 << ROLE_TYPES.length; mask++) {
    const roles = ROLE_TYPES.filter((_, i) => (mask & (1 << i)) !== 0);
    const granted = permissionsOfRoles(roles);
    if (![...needed].every((p) => isPermission(p) && granted.has(p))) continue;
    const writes = [...granted].filter((p) => !p.endsWith('.read')).length;
    const rank = [writes, granted.size, roles.length];
    if (best === undefined || isLess(rank, best.rank)) best = { roles, rank };
  }
  return best?.roles;
}

/** The smallest scope set: each endpoint's scope, with `read` dropped where `manage` of the same family is there. */
export function minimalScopes(scopes: Iterable<string>): string[] {
  const set = new Set(scopes);
  for (const scope of [...set]) {
    if (scope.endsWith('.read') && set.has(scope.replace(/\.read$/, '.manage'))) set.delete(scope);
  }
  return [...set].sort();
}

/** What the credential may do now: its roles' permissions, bounded by its scopes when it has any. */
function heldPermissions(holds: Holdings): Set<string> {
  const fromRoles = permissionsOfRoles(holds.roles);
  if (holds.scopes === undefined) return new Set(fromRoles);
  const fromScopes = permissionsOfScopes(holds.scopes.filter(isOktaScope));
  return new Set([...fromRoles].filter((p) => fromScopes.has(p)));
}

export function suggest(observed: ObservedRequest[], holds: Holdings): Suggestion {
  const permissions = new Set<string>();
  const scopes = new Set<string>();
  const uncovered = new Map<string, Uncovered>();
  for (const row of observed) {
    if (row.via === 'none') continue;
    if (row.via === 'permission') {
      permissions.add(row.permission);
      scopes.add(row.scope);
      continue;
    }
    const key = `${row.method} ${row.route}`;
    const seen = uncovered.get(key);
    uncovered.set(key, { method: row.method, route: row.route, requests: (seen?.requests ?? 0) + row.requests, reason: UNCOVERED_REASON[row.via] });
  }
  const coverable = new Set<string>();
  for (const permission of permissions) {
    if (isPermission(permission)) coverable.add(permission);
    else uncovered.set(permission, { method: '*', route: '*', requests: 0, reason: `no standard role grants ${permission}` });
  }
  const roles = narrowestRoles(coverable) ?? ['SUPER_ADMIN'];
  const held = heldPermissions(holds);
  return {
    observedPermissions: [...permissions].sort(),
    suggested: { scopes: minimalScopes(scopes), roles },
    unusedPermissions: [...held].filter((p) => !permissions.has(p)).sort(),
    uncovered: [...uncovered.values()].sort((a, b) => `${a.route} ${a.method}`.localeCompare(`${b.route} ${b.method}`)),
  };
}
