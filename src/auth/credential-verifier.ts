/**
 * The contract between the HTTP edge and whoever checks a credential. The edge parses the
 * `Authorization` header and hands its scheme and value to the verifier of that scheme (API
 * tokens, access tokens); the verifier answers with the principal, or with the refusal's System
 * Log event and, for OAuth, the `WWW-Authenticate` challenge (RFC 6750 §3, RFC 9449 §7.1). The edge
 * logs the event, sets the header and answers 401: it knows no domain, and each domain owns its
 * error text.
 */
import type { DomainEvent, EventContext } from '../events/event-bus.js';
import type { AccessDenied } from './access-denied.js';
import type { Principal } from './principal.js';

export interface CredentialRequest {
  /** The scheme, case-folded: `ssws`, `bearer` or `dpop`. */
  readonly scheme: string;
  readonly value: string;
  /** SHA-256 of the value, when the edge has it already (it keys the rate limit with it). */
  readonly digest: string | undefined;
  readonly method: string;
  /** The URLs a DPoP proof's `htu` may name for this request (under the org URL only). */
  readonly urls: () => readonly string[];
  /** The `DPoP` header, if any. */
  readonly proof: string | undefined;
  /** The request's event context, for events the verifier writes itself. */
  readonly context: () => EventContext;
}

export type Verification =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly event: DomainEvent; readonly challenge?: string }
  /**
   * A good credential this request may not use (sent from outside its network zones): the edge
   * takes the principal, so that the refusal is logged as the principal's, and throws `denied`
   * (403, logged once as `core.api.access.denied` with the client's address).
   */
  | { readonly ok: false; readonly principal: Principal; readonly denied: AccessDenied };

export interface CredentialVerifier {
  verify(request: CredentialRequest): Promise<Verification>;
}

/** The challenge of a token lacking a scope (RFC 6750 §3.1), written by the authorization server's code. */
export type InsufficientScopeChallenge = (scope: string, dpop: boolean, resource: string) => string;
