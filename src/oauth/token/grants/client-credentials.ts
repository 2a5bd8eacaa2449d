/**
 * `grant_type=client_credentials` on the org authorization server (Okta's rules): a service app,
 * authenticated with private_key_jwt, asks for `okta.*` scopes; requested scopes that are not
 * granted to the app are dropped (the response's `scope` says what was granted); none granted →
 * invalid_scope. DPoP-bound apps go through the nonce handshake first (dpop-binding.ts).
 */
import { OAuthError } from '../../errors.js';
import type { AuthenticatedClient } from '../../client-auth.js';
import type { OAuthDeps } from '../../deps.js';
import { mintAccessToken } from '../../tokens/access-token.js';
import { requireGrantType } from './grant-allowed.js';
import type { TokenRequest, TokenResponse } from '../token-request.js';

export const grantType = 'client_credentials';

/** It consumes nothing: its request's single uses are spent with the token's System Log event. */
export const consumes = false;

export async function handler(deps: OAuthDeps, request: TokenRequest, client: AuthenticatedClient): Promise<TokenResponse> {
  const { app } = client;
  if (app.applicationType !== 'service') {
    throw new OAuthError(
      'invalid_client',
      "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
    );
  }
  if (client.method !== 'private_key_jwt') {
    throw new OAuthError(
      'invalid_client',
      'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
    );
  }
  requireGrantType(app, grantType);
  const requested = (request.form['scope'] ?? '').split(' ').filter((s) => s !== '');
  if (requested.length === 0) throw new OAuthError('invalid_scope', 'No scopes were requested.');
  if (requested.includes('openid')) throw new OAuthError('invalid_scope', "Cannot request 'openid' scopes using client credentials.");
  const foreign = requested.filter((s) => !s.startsWith('okta.'));
  if (foreign.length > 0) {
    throw new OAuthError(
      'invalid_scope',
      `The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner: ${foreign.join(' ')}. The org authorization server issues okta.* scopes only.`,
    );
  }
  const granted = await deps.store.apps.listGrantedScopes(app.id);
  const scopes = [...new Set(requested.filter((s) => granted.includes(s)))];
  if (scopes.length === 0) {
    throw new OAuthError('invalid_scope', 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.');
  }
  const minted = await mintAccessToken(deps.keys, deps.config.orgUrl, deps.clock.now(), deps.config.accessTokenLifetimeSeconds, {
    clientId: app.id,
    subject: app.id,
    scopes,
    jkt: request.dpopJkt,
  });
  return {
    body: {
      token_type: request.dpopJkt !== undefined ? 'DPoP' : 'Bearer',
      expires_in: deps.config.accessTokenLifetimeSeconds,
      access_token: minted.token,
      scope: scopes.join(' '),
    },
    issued: minted.claims,
  };
}
