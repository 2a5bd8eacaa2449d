/** What the authorization server's modules are handed by the composition root (src/compose.ts). */
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { EventBus } from '../events/event-bus.js';
import type { SessionService } from '../session/contract.js';
import type { Store } from '../store/store.js';
import type { DpopNonces } from './dpop/nonce.js';
import type { SigningKeyRing } from './keys/key-ring.js';
import type { BearerAuthenticator } from './resource/bearer-authenticator.js';
import type { AccessTokenVerifier } from './tokens/verify-access-token.js';

export interface OAuthDeps {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  /** Browser sessions behind /authorize and /logout. */
  readonly sessions: SessionService;
  readonly keys: SigningKeyRing;
  readonly verifier: AccessTokenVerifier;
  /** The resource server's access-token check (userinfo), the same instance the Management API uses. */
  readonly bearer: BearerAuthenticator;
  readonly dpopNonces: DpopNonces;
  /** HMAC key of rotated refresh-token secrets. */
  readonly refreshSuccessorKey: Buffer;
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
