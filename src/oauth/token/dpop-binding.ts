/**
 * DPoP at the token endpoint (RFC 9449 §5, §8), as Okta does it: an app with
 * `dpop_bound_access_tokens: true` must send a proof; the first proof without a (fresh) server
 * nonce is answered `400 use_dpop_nonce` with a `DPoP-Nonce` header; then the token is bound to
 * the proof key (`cnf.jkt`). Apps that do not require DPoP have their DPoP header ignored (the
 * Okta SDK sends one on every token request).
 *
 * The proof's `jti` is not recorded here: the token endpoint spends it with the assertion's
 * (single-use.ts), including when the request is then refused (a proof without a nonce is spent
 * all the same).
 */
import type { AppRecord } from '../../store/oauth-records.js';
import type { AssertionUse } from '../client-assertion.js';
import { checkDpopProof, DpopProofError, dpopProofReplayed } from '../dpop/verify-proof.js';
import type { DpopNonces } from '../dpop/nonce.js';
import { OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';

export interface DpopBinding {
  /** The proof key's thumbprint, for `cnf.jkt`. */
  readonly jkt: string;
  /** The proof's single use, to record with the grant. */
  readonly use: AssertionUse;
  /** Set when the proof is valid but its nonce is missing or stale: the answer to send. */
  readonly refusal: OAuthError | undefined;
}

/** The binding of a DPoP-bound app's token, or undefined for an app that does not require DPoP. */
export async function dpopBinding(
  deps: OAuthDeps,
  nonces: DpopNonces,
  app: AppRecord,
  proof: string | undefined,
  urls: readonly string[],
): Promise<DpopBinding | undefined> {
  if (app.oauthClient['dpop_bound_access_tokens'] !== true) return undefined;
  if (proof === undefined || proof === '') throw new OAuthError('invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
  const now = deps.clock.now();
  let verified;
  try {
    verified = await checkDpopProof(proof, { method: 'POST', urls, nowMs: now });
  } catch (error) {
    if (error instanceof DpopProofError) throw new OAuthError('invalid_dpop_proof', error.message);
    throw error;
  }
  const refusal =
    verified.nonce === undefined || !nonces.isValid(verified.nonce, now)
      ? new OAuthError('use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'DPoP-Nonce': nonces.issue(now) })
      : undefined;
  return { jkt: verified.jkt, use: verified.use, refusal };
}

/** The answer to a proof whose `jti` was already used, here or on another node. */
export const proofReplayed = (): OAuthError => new OAuthError('invalid_dpop_proof', dpopProofReplayed().message);
