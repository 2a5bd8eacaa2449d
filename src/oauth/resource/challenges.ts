/**
 * `WWW-Authenticate` challenges of the resource server (RFC 6750 §3 for Bearer, RFC 9449 §7.1 for
 * DPoP), as Okta writes them: one place for their text and for the DPoP algorithms they list.
 */
import { DPOP_ALGORITHMS } from '../dpop/verify-proof.js';

const DPOP_ALGS = `algs="${DPOP_ALGORITHMS.join(' ')}"`;

/** An invalid, expired or revoked token, or a bad DPoP proof. */
export function invalidTokenChallenge(orgUrl: string, dpop: boolean, code: 'invalid_token' | 'invalid_dpop_proof', description: string): string {
  return dpop
    ? `DPoP ${DPOP_ALGS}, error="${code}", error_description="${description}"`
    : `Bearer authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", error="invalid_token", error_description="${description}"`;
}

/** A valid token without the endpoint's scope (RFC 6750 §3.1 `insufficient_scope`). */
export function insufficientScopeChallenge(orgUrl: string, scope: string, dpop: boolean, resource: string): string {
  const scheme = dpop ? `DPoP ${DPOP_ALGS}, ` : 'Bearer ';
  return `${scheme}authorization_uri="${orgUrl}/oauth2/v1/authorize", realm="${orgUrl}", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${resource}"`;
}
