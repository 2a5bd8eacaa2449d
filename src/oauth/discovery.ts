/**
 * RFC 8414 / OpenID Connect Discovery metadata of the org authorization server, and its JWKS.
 * Neither is rate-limited (Okta).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SCOPE_PERMISSIONS } from '../auth/scopes.js';
import { endpoints, type OAuthDeps } from './deps.js';

import { DPOP_ALGORITHMS } from './dpop/verify-proof.js';

export const ASSERTION_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;

export function metadata(orgUrl: string) {
  const e = endpoints(orgUrl);
  const authMethods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'];
  return {
    issuer: e.issuer,
    authorization_endpoint: e.authorization,
    token_endpoint: e.token,
    userinfo_endpoint: e.userinfo,
    registration_endpoint: e.registration,
    jwks_uri: e.jwks,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'form_post'],
    grant_types_supported: ['authorization_code', 'client_credentials', 'refresh_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access', ...Object.keys(SCOPE_PERMISSIONS)],
    token_endpoint_auth_methods_supported: authMethods,
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    claims_supported: [
      'iss',
      'ver',
      'sub',
      'aud',
      'iat',
      'exp',
      'jti',
      'auth_time',
      'amr',
      'nonce',
      'name',
      'preferred_username',
      'given_name',
      'family_name',
      'email',
      'email_verified',
      'locale',
      'zoneinfo',
      'updated_at',
      'at_hash',
      'cid',
      'uid',
      'scp',
    ],
    code_challenge_methods_supported: ['S256'],
    // RFC 9207: authorization responses carry `iss` (mix-up defence).
    authorization_response_iss_parameter_supported: true,
    request_parameter_supported: false,
    introspection_endpoint: e.introspection,
    introspection_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint: e.revocation,
    revocation_endpoint_auth_methods_supported: authMethods,
    end_session_endpoint: e.endSession,
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
  };
}

export const discoveryRoutes: FastifyPluginAsyncTypebox<OAuthDeps> = async (app, deps) => {
  const body = metadata(deps.config.orgUrl);
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    app.get(path, { config: { access: 'none' } }, async (_request, reply) => {
      reply.header('Cache-Control', 'max-age=86400, must-revalidate');
      return body;
    });
  }
  app.get('/oauth2/v1/keys', { config: { access: 'none' } }, async (_request, reply) => {
    reply.header('Cache-Control', 'max-age=3600, must-revalidate');
    return deps.keys.jwks();
  });
};
