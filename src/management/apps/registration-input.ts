/**
 * DCR metadata (RFC 7591 §2) mapped onto the shared client settings, with RFC 7591's defaults:
 * `grant_types` ["authorization_code"], `response_types` from the grants, `token_endpoint_auth_method`
 * client_secret_basic, and `application_type` web (OpenID Connect Dynamic Client Registration §2).
 */
import type { ErrorCause } from '../../errors/domain-error.js';
import { nullableText } from './app-input.js';
import type { ClientInput, FieldNames, WriteOptionsDefaults } from './client-settings.js';
import type { RegistrationInput } from './registration-schemas.js';

export const REGISTRATION_FIELDS: FieldNames = {
  label: 'client_name',
  applicationType: 'application_type',
  authMethod: 'token_endpoint_auth_method',
  clientSecret: 'client_secret',
  grantTypes: 'grant_types',
  responseTypes: 'response_types',
  redirectUris: 'redirect_uris',
  postLogoutRedirectUris: 'post_logout_redirect_uris',
  jwks: 'jwks',
  jwksUri: 'jwks_uri',
  dpop: 'dpop_bound_access_tokens',
  refreshToken: 'refresh_token',
  pkceRequired: 'pkce_required',
  autoKeyRotation: 'autoKeyRotation',
  clientUri: 'client_uri',
  logoUri: 'logo_uri',
  // Not client metadata of RFC 7591: DCR never sets it, and a DCR replace keeps the app's condition.
  network: 'network',
};

export const REGISTRATION_DEFAULTS: WriteOptionsDefaults = { applicationType: 'web', grantTypes: ['authorization_code'] };

/** On replace (RFC 7592 §2.2) a `client_id` in the body must be the client's own. */
export function fromRegistrationBody(body: RegistrationInput, clientId?: string): { input: ClientInput; causes: ErrorCause[] } {
  const causes: ErrorCause[] = [];
  if (clientId !== undefined && body.client_id !== undefined && body.client_id !== clientId) {
    causes.push({ field: 'client_id', message: `does not match the client being replaced (${clientId})` });
  }
  return {
    causes,
    input: {
      label: body.client_name,
      applicationType: body.application_type,
      authMethod: body.token_endpoint_auth_method,
      clientSecret: body.client_secret,
      grantTypes: body.grant_types,
      responseTypes: body.response_types,
      redirectUris: body.redirect_uris,
      postLogoutRedirectUris: body.post_logout_redirect_uris,
      jwks: body.jwks,
      jwksUri: nullableText(body.jwks_uri, REGISTRATION_FIELDS.jwksUri, causes),
      dpop: body.dpop_bound_access_tokens,
      refreshToken: body.refresh_token,
      pkceRequired: body.pkce_required,
      clientUri: nullableText(body.client_uri, REGISTRATION_FIELDS.clientUri, causes),
      logoUri: nullableText(body.logo_uri, REGISTRATION_FIELDS.logoUri, causes),
    },
  };
}
