/**
 * PKCE (RFC 7636), `S256` only (Okta supports no other method): the authorization request's
 * `code_challenge` is checked here, and the token request's `code_verifier` is checked against
 * it by `verifierMatches`. Required for public clients (`token_endpoint_auth_method: none`) and
 * for apps with `pkce_required`; accepted from confidential clients, and then enforced too.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppRecord } from '../../store/oauth-records.js';
import { AuthorizeError } from './authorize-error.js';

/** RFC 7636 §4.1: 43–128 unreserved characters; §4.2: an S256 challenge is 43 base64url characters. */
const VERIFIER_SHAPE = /^[A-Za-z0-9\-._~]{43,128}$/;
const S256_CHALLENGE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function pkceRequired(app: AppRecord): boolean {
  return app.tokenEndpointAuthMethod === 'none' || app.pkceRequired === true;
}

/** The challenge to store with the code, or null when the request carries none. */
export function checkPkce(app: AppRecord, params: Readonly<Record<string, string>>): string | null {
  const challenge = params['code_challenge'];
  const method = params['code_challenge_method'];
  if (challenge === undefined || challenge === '') {
    if (method !== undefined && method !== '')
      throw new AuthorizeError('invalid_request', "The 'code_challenge_method' parameter requires a 'code_challenge'.");
    if (pkceRequired(app)) {
      throw new AuthorizeError(
        'invalid_request',
        app.tokenEndpointAuthMethod === 'none'
          ? "PKCE code challenge is required when the token endpoint authentication method is 'NONE'."
          : 'PKCE code challenge is required by the client.',
      );
    }
    return null;
  }
  // RFC 7636 §4.3 makes `plain` the default; Okta supports only S256, so the method must be named.
  if (method !== 'S256') throw new AuthorizeError('invalid_request', "PKCE code challenge method must be 'S256'.");
  if (!S256_CHALLENGE_SHAPE.test(challenge))
    throw new AuthorizeError('invalid_request', 'PKCE code challenge contains illegal characters or has an invalid length.');
  return challenge;
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  if (!VERIFIER_SHAPE.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
