/** Access tokens (`Authorization: Bearer …` or `DPoP …`) as a credential verifier of the edge (auth/credential-verifier.ts). */
import type { CredentialRequest, CredentialVerifier, Verification } from '../../auth/credential-verifier.js';
import { BearerRejected, type BearerAuthenticator } from './bearer-authenticator.js';
import { invalidTokenChallenge } from './challenges.js';

export function bearerVerifier(bearer: BearerAuthenticator, orgUrl: string): CredentialVerifier {
  return {
    async verify(request: CredentialRequest): Promise<Verification> {
      try {
        const principal = await bearer.authenticate({
          scheme: request.scheme === 'dpop' ? 'DPoP' : 'Bearer',
          token: request.value,
          tokenHash: request.digest,
          method: request.method,
          urls: request.urls,
          proof: request.proof,
        });
        return { ok: true, principal };
      } catch (error) {
        if (!(error instanceof BearerRejected)) throw error;
        const dpop = request.scheme === 'dpop' || error.reason === 'dpop_required';
        const code = error.reason === 'invalid_dpop_proof' ? 'invalid_dpop_proof' : 'invalid_token';
        return {
          ok: false,
          event: {
            type: 'app.oauth2.token.rejected',
            displayMessage: 'Request with an invalid access token refused',
            targets: [],
            outcome: { result: 'FAILURE', reason: error.reason },
          },
          challenge: invalidTokenChallenge(orgUrl, dpop, code, error.description),
        };
      }
    },
  };
}
