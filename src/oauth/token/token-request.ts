/** The shapes passed between the token endpoint's steps and its grant modules. */
import type { EventContext } from '../../events/event-bus.js';
import type { AccessTokenClaims } from '../tokens/access-token.js';

export interface TokenRequest {
  readonly form: Readonly<Record<string, string>>;
  /** Thumbprint of the verified DPoP proof key, when the token is to be DPoP-bound. */
  readonly dpopJkt: string | undefined;
  /** Who asks, for the events a grant emits itself (refresh-token issuance, reuse detection). */
  readonly context: EventContext;
}

export interface TokenResponse {
  readonly body: Readonly<Record<string, string | number>>;
  readonly issued: AccessTokenClaims;
}
