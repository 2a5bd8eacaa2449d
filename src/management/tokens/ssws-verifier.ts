/** API tokens (`Authorization: SSWS …`) as a credential verifier of the edge (auth/credential-verifier.ts). */
import type { CredentialRequest, CredentialVerifier, Verification } from '../../auth/credential-verifier.js';
import type { SswsAuthenticator } from './ssws-authenticator.js';

export function sswsVerifier(ssws: SswsAuthenticator): CredentialVerifier {
  return {
    async verify(request: CredentialRequest): Promise<Verification> {
      const result = await ssws.authenticate(request.value, request.context, request.digest);
      if (result.ok) return result;
      const token =
        result.tokenId === undefined
          ? []
          : [{ id: result.tokenId, type: 'Token', alternateId: result.tokenId, displayName: result.tokenId, detailEntry: null }];
      return {
        ok: false,
        event: {
          type: 'system.api_token.authenticate',
          displayMessage: 'Request with an invalid API token refused',
          targets: token,
          outcome: { result: 'FAILURE', reason: result.reason },
        },
      };
    },
  };
}
