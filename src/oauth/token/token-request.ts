/** The shapes passed between the token endpoint's steps and its grant modules. */
import type { AccessTokenClaims } from '../tokens/access-token.js';

export interface TokenRequest {
  readonly form: Readonly<Record<string, string>>;
  /** Thumbprint of the verified DPoP proof key, when the token is to be DPoP-bound. */
  readonly dpopJkt: string | undefined;
}

export interface TokenResponse {
  readonly body: Readonly<Record<string, string | number>>;
  readonly issued: AccessTokenClaims;
}
