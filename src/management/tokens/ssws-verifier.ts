/** API tokens (`Authorization: SSWS …`) as a credential verifier of the edge (auth/credential-verifier.ts). */
import { AccessDenied } from '../../auth/access-denied.js';
import type { CredentialRequest, CredentialVerifier, Verification } from '../../auth/credential-verifier.js';
import type { SswsAuthenticator } from './ssws-authenticator.js';

/**
 * Okta documents no answer for a token used outside its network zones; this is its answer for a
 * principal refused an action: 403 E0000006, with a cause naming the token's network condition.
 */
function outsideNetwork(tokenId: string, address: string | null): AccessDenied {
  const reason = `The request is made from outside the network zones of the API token's network condition (client address ${address ?? 'unknown'})`;
  const target = { id: tokenId, type: 'Token', alternateId: tokenId, displayName: tokenId, detailEntry: null };
  return new AccessDenied('network.outside_zones', reason, [target], { field: 'network' });
}

export function sswsVerifier(ssws: SswsAuthenticator): CredentialVerifier {
  return {
    async verify(request: CredentialRequest): Promise<Verification> {
      const result = await ssws.authenticate(request.value, request.context, request.digest);
      if (result.ok) return result;
      if (result.reason === 'outside_network') return { ok: false, principal: result.principal, denied: outsideNetwork(result.tokenId, result.address) };
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
