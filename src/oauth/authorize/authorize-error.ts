/**
 * An error of the authorization endpoint (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6).
 * Once the client and its redirect URI are known to be valid it goes back to the redirect URI;
 * before that (`redirectable: false`) it is shown on an error page, never redirected.
 */
export type AuthorizeErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'unsupported_response_mode'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'invalid_client';

export class AuthorizeError extends Error {
  override readonly name = 'AuthorizeError';
  constructor(
    readonly error: AuthorizeErrorCode,
    readonly description: string,
    readonly redirectable = true,
  ) {
    super(description);
  }
}
