/**
 * DPoP at the token endpoint (RFC 9449 §5, §8), as Okta does it: an app with
 * `dpop_bound_access_tokens: true` must send a proof; the first proof without a (fresh) server
 * nonce is answered `400 use_dpop_nonce` with a `DPoP-Nonce` header; then the token is bound to
 * the proof key (`cnf.jkt`). Apps that do not require DPoP have their DPoP header ignored (the
 * Okta SDK sends one on every token request).
 */
import type { AppRecord } from '../../store/oauth-records.js';
import { DpopProofError, verifyDpopProof } from '../dpop/verify-proof.js';
import type { DpopNonces } from '../dpop/nonce.js';
import { OAuthError } from '../errors.js';
import type { OAuthDeps } from '../deps.js';

export async function dpopBinding(
  deps: OAuthDeps,
  nonces: DpopNonces,
  app: AppRecord,
  proof: string | undefined,
  urls: readonly string[],
): Promise<string | undefined> {
  if (app.oauthClient['dpop_bound_access_tokens'] !== true) return undefined;
  if (proof === undefined || proof === '') throw new OAuthError('invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
  const now = deps.clock.now();
  let verified;
  try {
    verified = await verifyDpopProof(proof, { method: 'POST', urls, nowMs: now }, deps.store.replay);
  } catch (error) {
    if (error instanceof DpopProofError) throw new OAuthError('invalid_dpop_proof', error.message);
    throw error;
  }
  if (verified.nonce === undefined || !nonces.isValid(verified.nonce, now)) {
    throw new OAuthError('use_dpop_nonce', 'Authorization server requires nonce in DPoP proof.', { 'DPoP-Nonce': nonces.issue(now) });
  }
  return verified.jkt;
}
