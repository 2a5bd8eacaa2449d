/**
 * Which OAuth grant types, response types and client authentication each application type may
 * use (Okta Apps API "Credentials settings details"; the per-type table of Okta's own Terraform
 * provider, `resource_okta_app_oauth.go`). One deliberate narrowing: a
 * service app may use `client_credentials` only, so no redirect-based grant (Okta's guide:
 * "Client Credentials is the only flow supported with an OAuth 2.0 service app").
 */
import type { ApplicationType, TokenEndpointAuthMethod } from '../../store/oauth-records.js';

export const APPLICATION_TYPES: readonly ApplicationType[] = ['web', 'native', 'browser', 'service'];
export const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'];
export const RESPONSE_TYPES = ['code', 'token', 'id_token'] as const;

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const SAML2_BEARER = 'urn:ietf:params:oauth:grant-type:saml2-bearer';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const CIBA = 'urn:openid:params:grant-type:ciba';

/** Grant types that send the user agent to a redirect URI. */
export const REDIRECT_GRANTS: readonly string[] = ['authorization_code', 'implicit'];

const VALID_GRANTS: Readonly<Record<ApplicationType, readonly string[]>> = {
  web: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials', DEVICE_CODE, TOKEN_EXCHANGE, SAML2_BEARER, 'interaction_code', CIBA],
  native: ['authorization_code', 'implicit', 'refresh_token', 'password', DEVICE_CODE, TOKEN_EXCHANGE, SAML2_BEARER, JWT_BEARER, 'interaction_code'],
  browser: ['authorization_code', 'implicit', 'refresh_token', DEVICE_CODE, 'interaction_code'],
  service: ['client_credentials'],
};

const KNOWN_GRANTS = new Set(Object.values(VALID_GRANTS).flat());

/** Okta: web and native apps "must have at least authorization_code"; service apps need client_credentials. */
const REQUIRED_GRANT: Readonly<Partial<Record<ApplicationType, string>>> = {
  web: 'authorization_code',
  native: 'authorization_code',
  service: 'client_credentials',
};

const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** Problems with `grant_types` for this application type (empty when fine). */
export function grantTypeProblems(type: ApplicationType, grants: readonly string[]): string[] {
  const problems: string[] = [];
  const unknown = grants.filter((g) => !KNOWN_GRANTS.has(g));
  if (unknown.length > 0) problems.push(`${quoted(unknown)} ${unknown.length === 1 ? 'is not a grant type' : 'are not grant types'} Tessera knows`);
  const invalid = grants.filter((g) => KNOWN_GRANTS.has(g) && !VALID_GRANTS[type].includes(g));
  if (invalid.length > 0) {
    problems.push(
      type === 'service'
        ? `Service apps may only use the 'client_credentials' grant type, not ${quoted(invalid)}`
        : `${quoted(invalid)} ${invalid.length === 1 ? 'is not a valid grant type' : 'are not valid grant types'} for ${type} apps`,
    );
  }
  const required = REQUIRED_GRANT[type];
  if (required !== undefined && !grants.includes(required)) problems.push(`${type} apps must include '${required}'`);
  return problems;
}

/**
 * `response_types` must be backed by a grant (RFC 7591 §2.1): `code` by authorization_code,
 * `id_token` by implicit, `token` by implicit or client_credentials (Okta's service-app example
 * pairs `client_credentials` with `token`).
 */
export function responseTypeProblems(responses: readonly string[], grants: readonly string[]): string[] {
  const problems: string[] = [];
  const unknown = responses.filter((r) => !(RESPONSE_TYPES as readonly string[]).includes(r));
  if (unknown.length > 0) problems.push(`${quoted(unknown)} must be one of ${quoted(RESPONSE_TYPES)}`);
  if (responses.includes('code') && !grants.includes('authorization_code')) problems.push("'code' needs the 'authorization_code' grant type");
  if (responses.includes('id_token') && !grants.includes('implicit')) problems.push("'id_token' needs the 'implicit' grant type");
  if (responses.includes('token') && !grants.includes('implicit') && !grants.includes('client_credentials')) {
    problems.push("'token' needs the 'implicit' or 'client_credentials' grant type");
  }
  return problems;
}

/** What an app answers by default: the response types its grants produce. */
export function defaultResponseTypes(grants: readonly string[]): string[] {
  const out = new Set<string>();
  if (grants.includes('authorization_code')) out.add('code');
  if (grants.includes('implicit')) {
    out.add('token');
    out.add('id_token');
  }
  if (grants.includes('client_credentials')) out.add('token');
  return [...out];
}

/** Browser apps are public clients (Okta requires `none`); the others authenticate with a secret by default. */
export function defaultAuthMethod(type: ApplicationType): TokenEndpointAuthMethod {
  return type === 'browser' ? 'none' : 'client_secret_basic';
}

/** Problems with the client authentication method for this application type. */
export function authMethodProblems(type: ApplicationType, method: string): string[] {
  if (method === 'client_secret_jwt') return [`'client_secret_jwt' is not supported; use ${quoted(AUTH_METHODS)}`];
  if (!(AUTH_METHODS as readonly string[]).includes(method)) return [`must be one of ${quoted(AUTH_METHODS)}`];
  if (type === 'browser' && method !== 'none') return ["Browser apps are public clients: 'token_endpoint_auth_method' must be 'none'"];
  if (type === 'service' && method === 'none') {
    return ["Service apps must authenticate: use 'private_key_jwt' (the only method for Okta API scopes), 'client_secret_basic' or 'client_secret_post'"];
  }
  if (type === 'web' && method === 'none') return ["Web apps are confidential clients: use 'client_secret_basic', 'client_secret_post' or 'private_key_jwt'"];
  return [];
}

export const usesClientSecret = (method: TokenEndpointAuthMethod): boolean => method === 'client_secret_basic' || method === 'client_secret_post';
