/** AppRecord (+ keys) → RFC 7591 §3.2.1 client information response. */
import type { AppKeyRecord, AppRecord } from '../../store/oauth-records.js';
import { grantTypesOf, postLogoutRedirectUrisOf, redirectUrisOf, requiresDpop, responseTypesOf } from '../../store/oauth-records.js';
import { usesClientSecret } from './grant-type-rules.js';
import { appBase } from './presenter.js';
import type { ClientRegistration } from './registration-schemas.js';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function publicJwk(key: AppKeyRecord): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(key.jwk)) if (typeof value === 'string') out[name] = value;
  return out;
}

export function presentRegistration(app: AppRecord, keys: readonly AppKeyRecord[], orgUrl: string, newSecret?: string): ClientRegistration {
  const kty = (key: AppKeyRecord): string => text(key.jwk['kty']) ?? 'RSA';
  return {
    client_id: app.id,
    client_id_issued_at: Math.floor(Date.parse(app.created) / 1000),
    ...(newSecret !== undefined ? { client_secret: newSecret } : {}),
    ...(usesClientSecret(app.tokenEndpointAuthMethod) ? { client_secret_expires_at: 0 } : {}),
    client_name: app.label,
    client_uri: text(app.oauthClient['client_uri']),
    logo_uri: text(app.oauthClient['logo_uri']),
    application_type: app.applicationType,
    redirect_uris: redirectUrisOf(app),
    post_logout_redirect_uris: postLogoutRedirectUrisOf(app),
    response_types: responseTypesOf(app),
    grant_types: grantTypesOf(app),
    token_endpoint_auth_method: app.tokenEndpointAuthMethod,
    dpop_bound_access_tokens: requiresDpop(app),
    ...(keys.length > 0 ? { jwks: { keys: keys.map((key) => ({ ...publicJwk(key), kty: kty(key) })) } } : {}),
    _links: { app: { href: appBase(orgUrl, app.id) } },
  };
}
