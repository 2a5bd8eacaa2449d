/**
 * The Apps API body (`OpenIdConnectApplication`) mapped onto the shared client settings, with the
 * field names causes use (`settings.oauthClient.grant_types`, …). `name` and `signOnMode` are
 * checked here: only OpenID Connect apps exist in Tessera.
 */
import { isFirstPartyAppName } from '../../auth/first-party-apps.js';
import type { ErrorCause } from '../../errors/domain-error.js';
import type { ClientInput, FieldNames } from './client-settings.js';
import type { AppInput } from './schemas.js';

export const APP_FIELDS: FieldNames = {
  label: 'label',
  applicationType: 'settings.oauthClient.application_type',
  authMethod: 'credentials.oauthClient.token_endpoint_auth_method',
  clientSecret: 'credentials.oauthClient.client_secret',
  grantTypes: 'settings.oauthClient.grant_types',
  responseTypes: 'settings.oauthClient.response_types',
  redirectUris: 'settings.oauthClient.redirect_uris',
  postLogoutRedirectUris: 'settings.oauthClient.post_logout_redirect_uris',
  jwks: 'settings.oauthClient.jwks',
  jwksUri: 'settings.oauthClient.jwks_uri',
  dpop: 'settings.oauthClient.dpop_bound_access_tokens',
  refreshToken: 'settings.oauthClient.refresh_token',
  pkceRequired: 'credentials.oauthClient.pkce_required',
  autoKeyRotation: 'credentials.oauthClient.autoKeyRotation',
  clientUri: 'settings.oauthClient.client_uri',
  logoUri: 'settings.oauthClient.logo_uri',
  network: 'settings.oauthClient.network',
};

/** A string, null, or absent; anything else is a cause naming the field. */
export function nullableText(value: unknown, field: string, causes: ErrorCause[]): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value === 'string' && value.length <= 4096) return value;
  causes.push({ field, message: typeof value === 'string' ? 'must be at most 4096 characters' : 'must be a string or null' });
  return undefined;
}

/**
 * On create `name` and `signOnMode` are required (Okta) and `name` is `oidc_client`; on replace
 * they may be left out, not changed (the service compares `name` with the app's own).
 */
export function fromAppBody(body: AppInput, mode: 'create' | 'replace'): { input: ClientInput; causes: ErrorCause[] } {
  const causes: ErrorCause[] = [];
  if (body.name === undefined) {
    if (mode === 'create') causes.push({ field: 'name', message: "The field cannot be left blank ('oidc_client')" });
  } else if (isFirstPartyAppName(body.name)) {
    // Tessera's own apps are made by Tessera alone; a replace keeps the app's name (the service checks it is the app's own).
    if (mode === 'create')
      causes.push({ field: 'name', message: `'${body.name}' is Tessera's own app, which only Tessera creates: name must be 'oidc_client'` });
  } else if (body.name !== 'oidc_client') {
    causes.push({ field: 'name', message: `Only OpenID Connect apps are supported: name must be 'oidc_client', not '${body.name.slice(0, 100)}'` });
  }
  if (body.signOnMode === undefined) {
    if (mode === 'create') causes.push({ field: 'signOnMode', message: "The field cannot be left blank ('OPENID_CONNECT')" });
  } else if (body.signOnMode !== 'OPENID_CONNECT') {
    causes.push({
      field: 'signOnMode',
      message: `Only OpenID Connect apps are supported: signOnMode must be 'OPENID_CONNECT', not '${body.signOnMode.slice(0, 50)}'`,
    });
  }
  const credentials = body.credentials?.oauthClient;
  const settings = body.settings?.oauthClient;
  return {
    causes,
    input: {
      label: body.label,
      applicationType: settings?.application_type,
      authMethod: credentials?.token_endpoint_auth_method,
      clientSecret: credentials?.client_secret,
      grantTypes: settings?.grant_types,
      responseTypes: settings?.response_types,
      redirectUris: settings?.redirect_uris,
      postLogoutRedirectUris: settings?.post_logout_redirect_uris,
      jwks: settings?.jwks,
      jwksUri: nullableText(settings?.jwks_uri, APP_FIELDS.jwksUri, causes),
      dpop: settings?.dpop_bound_access_tokens,
      refreshToken: settings?.refresh_token,
      pkceRequired: credentials?.pkce_required,
      autoKeyRotation: credentials?.autoKeyRotation,
      clientUri: nullableText(settings?.client_uri, APP_FIELDS.clientUri, causes),
      logoUri: nullableText(settings?.logo_uri, APP_FIELDS.logoUri, causes),
      network: settings?.network,
    },
  };
}
