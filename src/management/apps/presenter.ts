/**
 * AppRecord (+ its keys) → Okta's OIDC app JSON, AppKeyRecord → Okta's key object, and
 * AppSecretRecord → Okta's client secret object. Links are
 * absolute, from the org URL. A client secret appears only when the caller passes the one just
 * generated: nothing stored can produce it.
 */
import type { Static } from '@sinclair/typebox';
import type { AppKeyRecord, AppRecord, AppSecretRecord } from '../../store/oauth-records.js';
import { grantTypesOf, postLogoutRedirectUrisOf, redirectUrisOf, requiresDpop, responseTypesOf } from '../../store/oauth-records.js';
import type { JsonObject, JsonValue } from '../../store/records.js';
import { storedCondition } from '../zones/network-condition.js';
import { secretHashOf } from './client-secret.js';
import type { Jwk } from './key-schemas.js';
import type { ClientSecret } from './secret-schemas.js';
import type { App } from './schemas.js';

const str = (value: JsonValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export function appBase(orgUrl: string, appId: string): string {
  return `${orgUrl}/api/v1/apps/${appId}`;
}

/** An app's client secret; `secret` only in the answer that creates it. */
export function presentSecret(record: AppSecretRecord, orgUrl: string, secret?: string): Static<typeof ClientSecret> {
  const base = `${appBase(orgUrl, record.appId)}/credentials/secrets/${record.id}`;
  const post = (op: string) => ({ href: `${base}/lifecycle/${op}`, hints: { allow: ['POST'] } });
  return {
    id: record.id,
    status: record.status,
    ...(secret !== undefined ? { client_secret: secret } : {}),
    secret_hash: secretHashOf(record),
    created: record.created,
    lastUpdated: record.lastUpdated,
    _links:
      record.status === 'ACTIVE'
        ? { self: { href: base, hints: { allow: ['GET'] } }, deactivate: post('deactivate') }
        : { self: { href: base, hints: { allow: ['GET', 'DELETE'] } }, activate: post('activate'), delete: { href: base, hints: { allow: ['DELETE'] } } },
  };
}

export function presentKey(key: AppKeyRecord, orgUrl: string): Jwk {
  const base = `${appBase(orgUrl, key.appId)}/credentials/jwks/${key.id}`;
  const post = (op: string) => ({ href: `${base}/lifecycle/${op}`, hints: { allow: ['POST'] } });
  const optional = (name: 'alg' | 'e' | 'n' | 'crv' | 'x' | 'y') => {
    const value = str(key.jwk[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    id: key.id,
    kid: key.kid === '' ? null : key.kid,
    status: key.status,
    created: key.created,
    lastUpdated: key.lastUpdated,
    kty: str(key.jwk['kty']) ?? 'RSA',
    ...optional('alg'),
    use: 'sig',
    ...optional('e'),
    ...optional('n'),
    ...optional('crv'),
    ...optional('x'),
    ...optional('y'),
    _links:
      key.status === 'ACTIVE'
        ? { self: { href: base, hints: { allow: ['GET'] } }, deactivate: post('deactivate') }
        : { self: { href: base, hints: { allow: ['GET', 'DELETE'] } }, activate: post('activate'), delete: { href: base, hints: { allow: ['DELETE'] } } },
  };
}

function refreshTokenOf(app: AppRecord): { rotation_type: string; leeway: number; lifetime_minutes?: number; idle_minutes?: number } | undefined {
  const value = app.oauthClient['refresh_token'];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const rotation = str(value['rotation_type']);
  const leeway = value['leeway'];
  const lifetime = value['lifetime_minutes'];
  const idle = value['idle_minutes'];
  if (rotation === undefined || typeof leeway !== 'number') return undefined;
  return {
    rotation_type: rotation,
    leeway,
    ...(typeof lifetime === 'number' ? { lifetime_minutes: lifetime } : {}),
    ...(typeof idle === 'number' ? { idle_minutes: idle } : {}),
  };
}

/** `settings.oauthClient.network` when the app has a condition (without one, every network is admitted). */
function networkOf(app: AppRecord): { network?: NonNullable<App['settings']['oauthClient']['network']> } {
  const condition = storedCondition(objectOf(app.oauthClient['network']));
  if (condition === undefined || condition.connection === 'ANYWHERE') return {};
  return {
    network: 'include' in condition ? { connection: 'ZONE', include: [...condition.include] } : { connection: 'ZONE', exclude: [...condition.exclude] },
  };
}

function objectOf(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** `newSecret`: the secret just generated, shown in this one answer. */
export function presentApp(app: AppRecord, keys: readonly AppKeyRecord[], orgUrl: string, newSecret?: string): App {
  const base = appBase(orgUrl, app.id);
  const refreshToken = refreshTokenOf(app);
  return {
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    created: app.created,
    lastUpdated: app.lastUpdated,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoLaunch: false, autoSubmitToolbar: false, hide: { iOS: true, web: true }, appLinks: { oidc_client_link: true } },
    features: [],
    signOnMode: app.signOnMode,
    credentials: {
      userNameTemplate: { template: '${source.login}', type: 'BUILT_IN' },
      oauthClient: {
        client_id: app.id,
        ...(newSecret !== undefined ? { client_secret: newSecret } : {}),
        token_endpoint_auth_method: app.tokenEndpointAuthMethod,
        autoKeyRotation: app.autoKeyRotation ?? true,
        pkce_required: app.pkceRequired ?? false,
      },
    },
    settings: {
      app: {},
      oauthClient: {
        client_uri: str(app.oauthClient['client_uri']) ?? null,
        logo_uri: str(app.oauthClient['logo_uri']) ?? null,
        redirect_uris: redirectUrisOf(app),
        post_logout_redirect_uris: postLogoutRedirectUrisOf(app),
        response_types: responseTypesOf(app),
        grant_types: grantTypesOf(app),
        application_type: app.applicationType,
        // Tokens are issued by the org authorization server, whose issuer is the org URL.
        issuer_mode: 'ORG_URL',
        wildcard_redirect: 'DISABLED',
        dpop_bound_access_tokens: requiresDpop(app),
        ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
        ...(keys.length > 0 ? { jwks: { keys: keys.map((k) => presentKey(k, orgUrl)) } } : {}),
        ...networkOf(app),
      },
    },
    _links: {
      clientCredentials: [{ href: `${base}/credentials/jwks`, name: 'jwks' }],
      ...(app.status === 'ACTIVE'
        ? { deactivate: { href: `${base}/lifecycle/deactivate`, hints: { allow: ['POST'] } } }
        : { activate: { href: `${base}/lifecycle/activate`, hints: { allow: ['POST'] } } }),
    },
  };
}
