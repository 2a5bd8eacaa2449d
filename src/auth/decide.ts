/**
 * The single access decision: (permissions of the credential's scopes) ∩ (permissions of the
 * subject's current roles), per the endpoint table. Pure, so it is tested as a table.
 */
import type { EndpointAccess } from './endpoint-access.js';
import type { Principal } from './principal.js';

export type Decision =
  /** Allowed through the endpoint's permission. */
  | { readonly allow: true; readonly via: 'permission' }
  /** Allowed because the user acts on itself (`/users/me`). */
  | { readonly allow: true; readonly via: 'self' }
  /** Allowed, restricted to the caller's own objects (API tokens without okta.apiTokens.*). */
  | { readonly allow: true; readonly via: 'own_objects' }
  | { readonly allow: false; readonly reason: 'insufficient_scope' | 'no_permission' | 'ssws_only' };

export function decide(principal: Principal, access: EndpointAccess, params: Readonly<Record<string, string>>): Decision {
  if (access.sswsOnly === true && principal.credential.kind !== 'ssws') return { allow: false, reason: 'ssws_only' };
  const scoped = principal.credential.kind === 'access_token' ? principal.credential.scopes : undefined;
  if (scoped !== undefined && !scoped.has(access.scope) && !scoped.has(access.scope.replace(/\.read$/, '.manage'))) {
    return { allow: false, reason: 'insufficient_scope' };
  }
  if (access.sswsOnly === true) return { allow: true, via: 'own_objects' };
  const scopeAllows = principal.scopePermissions === undefined || principal.scopePermissions.has(access.permission);
  if (scopeAllows && principal.rolePermissions.has(access.permission)) return { allow: true, via: 'permission' };
  if (access.selfParam !== undefined && principal.subject.kind === 'user') {
    const target = params[access.selfParam];
    if (target === 'me' || target === principal.subject.userId) return { allow: true, via: 'self' };
  }
  if (access.ownObjectsOnly === true) return { allow: true, via: 'own_objects' };
  return { allow: false, reason: 'no_permission' };
}
