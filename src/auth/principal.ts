/**
 * Who is calling and with what. Built at the edge by the credential's authenticator, read by
 * the access decision and the handlers, and recorded with each request (usage analytics).
 */
import type { Permission } from './permissions.js';

export type Credential =
  | { readonly kind: 'ssws'; readonly tokenId: string }
  | { readonly kind: 'access_token'; readonly tokenId: string; readonly clientId: string; readonly scopes: ReadonlySet<string>; readonly dpop: boolean };

export type Subject = { readonly kind: 'user'; readonly userId: string; readonly login: string } | { readonly kind: 'client'; readonly clientId: string };

export interface Principal {
  readonly subject: Subject;
  readonly credential: Credential;
  /** Role types held now (directly or through groups), read on this request. */
  readonly roles: readonly string[];
  /** Permissions of those roles, before any scope is applied. */
  readonly rolePermissions: ReadonlySet<Permission>;
  /** Permissions the token's scopes open; undefined for API tokens (unscoped). */
  readonly scopePermissions: ReadonlySet<Permission> | undefined;
}

/** Effective right: role permission ∩ scope permission. */
export function holds(principal: Principal, permission: Permission): boolean {
  if (!principal.rolePermissions.has(permission)) return false;
  return principal.scopePermissions === undefined || principal.scopePermissions.has(permission);
}

export function userIdOf(principal: Principal): string | undefined {
  return principal.subject.kind === 'user' ? principal.subject.userId : undefined;
}
