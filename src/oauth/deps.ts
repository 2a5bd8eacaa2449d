/** What the authorization server's modules are built from. */
import type { SigningKeyRing } from './keys/key-ring.js';
import type { AccessTokenVerifier } from './tokens/verify-access-token.js';
import type { ManagementDeps } from '../management/deps.js';

export interface OAuthDeps extends ManagementDeps {
  readonly keys: SigningKeyRing;
  readonly verifier: AccessTokenVerifier;
}

/** Endpoint URLs, all built from the org URL (never from Host). */
export function endpoints(orgUrl: string) {
  return {
    issuer: orgUrl,
    authorization: `${orgUrl}/oauth2/v1/authorize`,
    token: `${orgUrl}/oauth2/v1/token`,
    introspection: `${orgUrl}/oauth2/v1/introspect`,
    revocation: `${orgUrl}/oauth2/v1/revoke`,
    jwks: `${orgUrl}/oauth2/v1/keys`,
    userinfo: `${orgUrl}/oauth2/v1/userinfo`,
    registration: `${orgUrl}/oauth2/v1/clients`,
    endSession: `${orgUrl}/oauth2/v1/logout`,
  };
}
