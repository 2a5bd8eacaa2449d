/**
 * The grants of the token endpoint, by `grant_type`. Each module exports the same contract:
 * `grantType`, `consumes` and `handler`.
 */
import type { AuthenticatedClient } from '../../client-auth.js';
import type { OAuthDeps } from '../../deps.js';
import type { TokenRequest, TokenResponse } from '../token-request.js';
import * as authorizationCode from './authorization-code.js';
import * as clientCredentials from './client-credentials.js';
import * as refreshToken from './refresh-token.js';

export interface Grant {
  readonly grantType: string;
  /**
   * Whether the grant consumes something (a code redeemed, a refresh token rotated): the
   * request's assertion and DPoP proof are then spent before it runs.
   */
  readonly consumes: boolean;
  /** Decides the grant and returns what to answer; it writes nothing to the reply. */
  readonly handler: (deps: OAuthDeps, request: TokenRequest, client: AuthenticatedClient) => Promise<TokenResponse>;
}

/** In the order a request without `grant_type` is told the valid values. */
export const GRANTS: ReadonlyMap<string, Grant> = new Map<string, Grant>(
  [clientCredentials, authorizationCode, refreshToken].map((grant) => [grant.grantType, grant]),
);
