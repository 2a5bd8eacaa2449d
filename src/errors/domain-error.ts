/**
 * Typed errors of the core. Each carries a `kind` (what went wrong, in protocol-neutral terms)
 * and a stable `code`; the HTTP edge maps them to Okta bodies on /api/v1 and to RFC 6749 bodies
 * on /oauth2. Messages are safe to show: they never carry secrets.
 */

export type ErrorKind =
  | 'invalid' // 400: a field or parameter is wrong (E0000001)
  | 'malformed' // 400: the body cannot be read (E0000003)
  | 'invalid_search' // 400: a filter/search/cursor is wrong (E0000031)
  | 'no_credentials' // 403: no Authorization or an unknown scheme (E0000005)
  | 'unauthenticated' // 401: a bad, expired or revoked credential (E0000011)
  | 'forbidden' // 403: the principal lacks a permission (E0000006)
  | 'insufficient_scope' // 403: the access token lacks a scope (RFC 6750 §3.1)
  | 'not_found' // 404 (E0000007)
  | 'conflict' // 409
  | 'invalid_state' // 400/403: the object's status forbids the operation (E0000038 / E0000001)
  | 'method_not_allowed' // 405 (E0000022)
  | 'rate_limited' // 429 (E0000047)
  | 'unavailable'; // 503: storage down; fail closed

export interface ErrorCause {
  /** The field or parameter, e.g. `profile.login`. */
  readonly field?: string;
  readonly message: string;
}

/**
 * Every stable code a DomainError may carry (closed, as jose's `ERR_*` codes are): the edges map
 * some of them to Okta codes of their own (http/errors/okta-body.ts), checked by the compiler.
 */
export type ErrorCode =
  // generic, one per kind
  | 'invalid'
  | 'malformed_json'
  | 'invalid_search'
  | 'no_credentials'
  | 'invalid_token'
  | 'forbidden'
  | 'insufficient_scope'
  | 'not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  // authorization refusals (auth/)
  | 'role.escalation'
  | 'target.escalation'
  | 'grant.super_admin_only'
  | 'role.last_super_admin'
  | 'role.already_assigned'
  // users, groups, apps, sign-in, logs
  | 'user.status_forbids'
  | 'user.status_transition'
  | 'user.already_active'
  | 'user.next_login_needs_password'
  | 'user.next_login_needs_activation'
  | 'user.credentials_update_failed'
  | 'group.built_in'
  | 'group.not_okta_group'
  | 'app.delete_active'
  | 'zone.delete_active'
  | 'zone.in_use'
  | 'network.outside_zones'
  | 'event_hook.delete_active'
  | 'authn.failed'
  | 'search.filter_and_search'
  | 'logs.invalid_filter';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly causes: readonly ErrorCause[] = [],
  ) {
    super(message);
  }
}

export const invalid = (message: string, causes: readonly ErrorCause[] = []): DomainError => new DomainError('invalid', 'invalid', message, causes);

export const invalidField = (field: string, message: string): DomainError =>
  new DomainError('invalid', 'invalid', `${field}: ${message}`, [{ field, message }]);

export const notFound = (what: string): DomainError => new DomainError('not_found', 'not_found', what);

export const forbidden = (message = 'You do not have permission to perform the requested action'): DomainError =>
  new DomainError('forbidden', 'forbidden', message);

export const invalidState = (code: ErrorCode, message: string): DomainError => new DomainError('invalid_state', code, message);

export const conflict = (code: ErrorCode, message: string, causes: readonly ErrorCause[] = []): DomainError =>
  new DomainError('conflict', code, message, causes);

export const invalidSearch = (message: string): DomainError => new DomainError('invalid_search', 'invalid_search', message);
