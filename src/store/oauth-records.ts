/** Records of the OAuth side: OIDC apps, their keys and grants, and our signing keys. */
import type { JsonObject } from './records.js';

export type AppStatus = 'ACTIVE' | 'INACTIVE';
export type ApplicationType = 'service' | 'web' | 'native' | 'browser';
export type TokenEndpointAuthMethod = 'private_key_jwt' | 'client_secret_basic' | 'client_secret_post' | 'none';

export interface AppRecord {
  /** The app id, which is also its OAuth `client_id`. */
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly status: AppStatus;
  readonly signOnMode: string;
  readonly tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  readonly applicationType: ApplicationType;
  /** `settings.oauthClient` as given (grant_types, response_types, redirect_uris, dpop_bound_access_tokens, refresh_token, …), minus `jwks`. */
  readonly oauthClient: JsonObject;
  readonly created: string;
  readonly lastUpdated: string;
  /** `credentials.oauthClient.autoKeyRotation` (Okta default true). */
  readonly autoKeyRotation?: boolean;
  /** `credentials.oauthClient.pkce_required` (Okta default true for browser and native apps). */
  readonly pkceRequired?: boolean;
}

/**
 * Typed reads of `AppRecord.oauthClient`. The Apps API and DCR normalise it on every write:
 * `grant_types`, `response_types`, `redirect_uris` and `post_logout_redirect_uris` are string
 * arrays, `dpop_bound_access_tokens` a boolean, `refresh_token` `{rotation_type, leeway,
 * lifetime_minutes?, idle_minutes?}` or absent.
 */
function stringsOf(app: AppRecord, key: string): string[] {
  const value = app.oauthClient[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export const grantTypesOf = (app: AppRecord): string[] => stringsOf(app, 'grant_types');
export const responseTypesOf = (app: AppRecord): string[] => stringsOf(app, 'response_types');
export const redirectUrisOf = (app: AppRecord): string[] => stringsOf(app, 'redirect_uris');
export const postLogoutRedirectUrisOf = (app: AppRecord): string[] => stringsOf(app, 'post_logout_redirect_uris');
/** `settings.oauthClient.dpop_bound_access_tokens`: the token endpoint must demand a DPoP proof. */
export const requiresDpop = (app: AppRecord): boolean => app.oauthClient['dpop_bound_access_tokens'] === true;

/**
 * A client secret of a `client_secret_basic` / `client_secret_post` app (Okta `OAuth2ClientSecret`):
 * at most two per app, so that a secret can be replaced without downtime. Only its digest is kept.
 */
export interface AppSecretRecord {
  readonly id: string;
  readonly appId: string;
  /** `secretDigest()` (SHA-256, base64url) of the secret, never the secret. */
  readonly digest: string;
  readonly status: AppStatus;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface AppKeyRecord {
  readonly id: string;
  readonly appId: string;
  /** The JWK's `kid`, or '' for the one key of an app registered without a `kid` (Okta allows that for a single key). */
  readonly kid: string;
  readonly status: AppStatus;
  /**
   * The public JWK as registered, reduced to its public members: `kty` RSA (`n`, `e`) or EC
   * (`crv` P-256/P-384/P-521, `x`, `y`), plus `kid`, `use` ('sig') and `alg` when given. When
   * `alg` is present, an assertion signed with this key must use exactly that algorithm.
   */
  readonly jwk: JsonObject;
  readonly created: string;
  readonly lastUpdated: string;
}

export interface AppGrantRecord {
  readonly id: string;
  readonly appId: string;
  readonly scopeId: string;
  readonly issuer: string;
  readonly source: 'ADMIN' | 'END_USER';
  /** `{id, type}` of the admin who granted it. */
  readonly createdBy: { readonly id: string; readonly type: string };
  readonly created: string;
  readonly lastUpdated: string;
}

export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: 'RS256';
  readonly status: 'ACTIVE' | 'RETIRED';
  readonly publicJwk: JsonObject;
  /** AES-256-GCM ciphertext of the PKCS#8 private key. */
  readonly privateEncrypted: string;
  readonly created: string;
  readonly retired: string | null;
}
