/**
 * The one validation of an OIDC client's settings, shared by the Apps API (`/api/v1/apps`) and
 * Dynamic Client Registration (`/oauth2/v1/clients`): each API maps its body to `ClientInput`
 * and names the fields its own way (`FieldNames`). Every problem becomes one cause per field
 * (400 E0000001, or `invalid_client_metadata` in DCR), and nothing is written.
 */
import { invalid, type ErrorCause } from '../../errors/domain-error.js';
import type { ApplicationType, TokenEndpointAuthMethod } from '../../store/oauth-records.js';
import type { JsonObject } from '../../store/records.js';
import {
  APPLICATION_TYPES,
  REDIRECT_GRANTS,
  authMethodProblems,
  defaultAuthMethod,
  defaultResponseTypes,
  grantTypeProblems,
  responseTypeProblems,
} from './grant-type-rules.js';
import { MAX_KEYS, TOO_MANY_KEYS, checkPublicJwk, jwkThumbprint, keySetProblems } from './jwk.js';
import { redirectUriCauses, webUriProblem } from './uri-rules.js';
import { displayNameProblem } from '../identifiers.js';
import { conditionJson, parseCondition, type NetworkCondition, type NetworkConditionInput } from '../zones/network-condition.js';

export interface ClientInput {
  readonly label?: string | undefined;
  readonly applicationType?: string | undefined;
  readonly authMethod?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly grantTypes?: readonly string[] | undefined;
  readonly responseTypes?: readonly string[] | undefined;
  readonly redirectUris?: readonly string[] | undefined;
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly jwks?: { readonly keys?: readonly unknown[] | undefined } | undefined;
  readonly jwksUri?: string | null | undefined;
  readonly dpop?: boolean | undefined;
  readonly refreshToken?:
    { readonly rotation_type?: unknown; readonly leeway?: unknown; readonly lifetime_minutes?: unknown; readonly idle_minutes?: unknown } | undefined;
  readonly pkceRequired?: boolean | undefined;
  readonly autoKeyRotation?: boolean | undefined;
  readonly clientUri?: string | null | undefined;
  readonly logoUri?: string | null | undefined;
  /** `settings.oauthClient.network` (Okta `OpenIdConnectApplicationNetwork`); left out, the app keeps its condition. */
  readonly network?: NetworkConditionInput | undefined;
}

/** How each API names the fields in causes. */
export type FieldNames = Readonly<Record<keyof ClientInput, string>>;

export interface ValidatedKey {
  readonly jwk: JsonObject;
  /** '' when the key has no `kid` (allowed for a single key). */
  readonly kid: string;
  readonly thumbprint: string;
}

export interface ClientDraft {
  readonly label: string;
  readonly applicationType: ApplicationType;
  readonly authMethod: TokenEndpointAuthMethod;
  readonly grantTypes: string[];
  readonly responseTypes: string[];
  readonly redirectUris: string[];
  readonly postLogoutRedirectUris: string[];
  /** The key set given in the body; undefined when the body says nothing about keys. */
  readonly keys: ValidatedKey[] | undefined;
  readonly dpop: boolean;
  readonly refreshToken: JsonObject | undefined;
  readonly pkceRequired: boolean;
  readonly autoKeyRotation: boolean;
  readonly clientUri: string | null;
  readonly logoUri: string | null;
  /** The network condition given, its zones not yet checked (the service checks them under lock); undefined when the body has none. */
  readonly network: NetworkCondition | undefined;
}

export interface WriteOptionsDefaults {
  readonly applicationType?: ApplicationType;
  readonly grantTypes?: readonly string[];
}

export interface CheckOptions {
  /** Defaults where the API has them (RFC 7591 §2 for DCR); the Apps API requires the fields. */
  readonly defaults?: WriteOptionsDefaults | undefined;
  /** On replace: the application type cannot change. */
  readonly previousType?: ApplicationType | undefined;
  /** On replace without a key set in the body: how many ACTIVE keys the app keeps. */
  readonly activeKeysKept?: number;
  /** A secret echoed back unchanged is accepted on replace (it is compared by digest). */
  readonly isCurrentSecret?: (secret: string) => boolean;
  /** Causes found by the API's own mapping (e.g. `name`, `signOnMode`), reported together. */
  readonly extraCauses?: readonly ErrorCause[] | undefined;
}

const MAX_LABEL = 100;

/** One cause per field: several problems with one field are joined into one sentence. */
export function mergeByField(causes: readonly ErrorCause[]): ErrorCause[] {
  const byField = new Map<string, string[]>();
  for (const cause of causes) {
    const key = cause.field ?? '';
    byField.set(key, [...(byField.get(key) ?? []), cause.message]);
  }
  return [...byField].map(([field, messages]) => (field === '' ? { message: messages.join('; ') } : { field, message: messages.join('; ') }));
}

export function validationFailed(causes: readonly ErrorCause[]): Error {
  const merged = mergeByField(causes);
  return invalid([...new Set(merged.map((c) => c.field ?? ''))].join(', '), merged);
}

async function checkKeys(input: ClientInput, names: FieldNames, causes: ErrorCause[]): Promise<ValidatedKey[] | undefined> {
  if (input.jwks === undefined) return undefined;
  const raw = input.jwks.keys ?? [];
  const keys: ValidatedKey[] = [];
  for (const [index, value] of raw.entries()) {
    const check = await checkPublicJwk(value, `${names.jwks}.keys[${index}]`);
    if (check.ok) keys.push({ jwk: check.jwk, kid: check.kid, thumbprint: await jwkThumbprint(check.jwk) });
    else causes.push(...check.causes);
  }
  causes.push(
    ...(raw.length > MAX_KEYS
      ? [{ field: names.jwks, message: TOO_MANY_KEYS }]
      : keySetProblems(
          keys.map((k) => k.kid),
          names.jwks,
        )),
  );
  return keys;
}

function checkRefreshToken(
  input: ClientInput,
  names: FieldNames,
  type: ApplicationType,
  grants: readonly string[],
  causes: ErrorCause[],
): JsonObject | undefined {
  const given = input.refreshToken;
  if (given === undefined) {
    // Okta: single-page apps rotate by default; the default grace period is 30 seconds.
    return grants.includes('refresh_token') ? { rotation_type: type === 'browser' ? 'ROTATE' : 'STATIC', leeway: 30 } : undefined;
  }
  const rotation = given.rotation_type ?? 'STATIC';
  const leeway = given.leeway ?? 30;
  if (rotation !== 'ROTATE' && rotation !== 'STATIC') causes.push({ field: `${names.refreshToken}.rotation_type`, message: "must be 'ROTATE' or 'STATIC'" });
  if (typeof leeway !== 'number' || !Number.isInteger(leeway) || leeway < 0 || leeway > 60) {
    causes.push({ field: `${names.refreshToken}.leeway`, message: 'must be a whole number of seconds from 0 to 60' });
  }
  const lifetime = checkMinutes(given.lifetime_minutes, MAX_REFRESH_LIFETIME_MINUTES, `${names.refreshToken}.lifetime_minutes`, causes);
  const idle = checkMinutes(given.idle_minutes, lifetime ?? DEFAULT_REFRESH_LIFETIME_MINUTES, `${names.refreshToken}.idle_minutes`, causes);
  if (typeof rotation !== 'string' || typeof leeway !== 'number') return undefined;
  return {
    rotation_type: rotation,
    leeway,
    ...(lifetime !== undefined ? { lifetime_minutes: lifetime } : {}),
    ...(idle !== undefined ? { idle_minutes: idle } : {}),
  };
}

/**
 * Tessera's per-app refresh-token lifetime and idle window (read by
 * oauth/token/grants/user-tokens.ts): whole minutes, at least one; a lifetime of at most five
 * years (Okta's longest), an idle window no longer than the lifetime (90 days when not given).
 */
const DEFAULT_REFRESH_LIFETIME_MINUTES = 90 * 24 * 60;
const MAX_REFRESH_LIFETIME_MINUTES = 5 * 365 * 24 * 60;

function checkMinutes(value: unknown, max: number, field: string, causes: ErrorCause[]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    causes.push({ field, message: `must be a whole number of minutes from 1 to ${max}` });
    return undefined;
  }
  return value;
}

function checkUri(value: string | null | undefined, field: string, causes: ErrorCause[]): string | null {
  if (value === undefined || value === null) return null;
  const problem = webUriProblem(value);
  if (problem !== undefined) causes.push({ field, message: problem });
  return value;
}

function checkSecret(input: ClientInput, names: FieldNames, method: string, options: CheckOptions, causes: ErrorCause[]): void {
  const secret = input.clientSecret;
  if (secret === undefined) return;
  if (method === 'private_key_jwt' || method === 'none') {
    causes.push({ field: names.clientSecret, message: `'client_secret' can't be used when 'token_endpoint_auth_method' is '${method}'.` });
  } else if (options.isCurrentSecret?.(secret) !== true) {
    causes.push({
      field: names.clientSecret,
      message:
        'Client secrets are generated by Tessera and shown once; leave this field out (POST /oauth2/v1/clients/{clientId}/lifecycle/newSecret issues a new one)',
    });
  }
}

/** Checks `input` and returns the normalised settings, or throws 400 with every problem found. */
export async function checkClient(input: ClientInput, names: FieldNames, options: CheckOptions = {}): Promise<ClientDraft> {
  const causes: ErrorCause[] = [...(options.extraCauses ?? [])];
  // The label is trimmed, as it always was; what is left must be a display name (identifiers.ts):
  // it reaches the consent page, the System Log and terminals.
  const label = input.label?.trim() ?? '';
  if (label === '') causes.push({ field: names.label, message: 'The field cannot be left blank' });
  else if (label.length > MAX_LABEL) causes.push({ field: names.label, message: `must be at most ${MAX_LABEL} characters` });
  else {
    const problem = displayNameProblem(label);
    if (problem !== undefined) causes.push({ field: names.label, message: problem });
  }

  const typeText = input.applicationType ?? options.defaults?.applicationType;
  const type = APPLICATION_TYPES.find((t) => t === typeText);
  if (typeText === undefined) causes.push({ field: names.applicationType, message: `The field cannot be left blank (${APPLICATION_TYPES.join(', ')})` });
  else if (type === undefined) causes.push({ field: names.applicationType, message: `must be one of ${APPLICATION_TYPES.join(', ')}` });
  else if (options.previousType !== undefined && type !== options.previousType) {
    causes.push({ field: names.applicationType, message: `cannot be changed from '${options.previousType}' to '${type}'; create a new app instead` });
  }
  const appType: ApplicationType = type ?? 'web';

  const grants = [...new Set(input.grantTypes ?? options.defaults?.grantTypes ?? [])];
  if (grants.length === 0) causes.push({ field: names.grantTypes, message: 'The field cannot be left blank' });
  else if (type !== undefined) for (const message of grantTypeProblems(type, grants)) causes.push({ field: names.grantTypes, message });

  const responses = [...new Set(input.responseTypes ?? defaultResponseTypes(grants))];
  for (const message of responseTypeProblems(responses, grants)) causes.push({ field: names.responseTypes, message });

  const redirectUris = [...(input.redirectUris ?? [])];
  const postLogout = [...(input.postLogoutRedirectUris ?? [])];
  causes.push(...redirectUriCauses(redirectUris, names.redirectUris), ...redirectUriCauses(postLogout, names.postLogoutRedirectUris));
  const redirectGrants = grants.filter((g) => REDIRECT_GRANTS.includes(g));
  if (appType === 'service' && type !== undefined && redirectUris.length > 0) {
    causes.push({ field: names.redirectUris, message: 'Service apps use no redirect: remove the redirect URIs' });
  } else if (redirectGrants.length > 0 && redirectUris.length === 0) {
    causes.push({ field: names.redirectUris, message: `at least one redirect URI is required for the '${redirectGrants.join("', '")}' grant type` });
  }

  const method = input.authMethod ?? defaultAuthMethod(appType);
  if (type !== undefined) for (const message of authMethodProblems(type, method)) causes.push({ field: names.authMethod, message });
  checkSecret(input, names, method, options, causes);

  if (input.jwksUri !== undefined && input.jwksUri !== null) {
    causes.push({ field: names.jwksUri, message: `is not supported: register the public keys in ${names.jwks} (Tessera never fetches keys)` });
  }
  const keys = await checkKeys(input, names, causes);
  const keysGiven = input.jwks === undefined ? undefined : (input.jwks.keys ?? []).length;
  if (method === 'private_key_jwt' && (keysGiven ?? options.activeKeysKept ?? 0) === 0) {
    causes.push({ field: names.jwks, message: "'private_key_jwt' needs at least one active public key in 'jwks.keys'" });
  }

  const refreshToken = checkRefreshToken(input, names, appType, grants, causes);
  const clientUri = checkUri(input.clientUri, names.clientUri, causes);
  const logoUri = checkUri(input.logoUri, names.logoUri, causes);
  const network = input.network === undefined ? undefined : parseCondition(input.network, names.network);
  if (network !== undefined && 'causes' in network) causes.push(...network.causes);
  if (causes.length > 0) throw validationFailed(causes);
  return {
    label,
    applicationType: appType,
    authMethod: method as TokenEndpointAuthMethod,
    grantTypes: grants,
    responseTypes: responses,
    redirectUris,
    postLogoutRedirectUris: postLogout,
    keys,
    dpop: input.dpop ?? false,
    refreshToken,
    pkceRequired: input.pkceRequired ?? (appType === 'browser' || appType === 'native'),
    autoKeyRotation: input.autoKeyRotation ?? true,
    clientUri,
    logoUri,
    network: network !== undefined && 'condition' in network ? network.condition : undefined,
  };
}

/**
 * `AppRecord.oauthClient`: `settings.oauthClient` without `jwks` (keys live in their own table).
 * `network` is the condition to keep: the draft's when it has one, else the app's current one
 * (stored only when it restricts something).
 */
export function oauthClientJson(draft: ClientDraft, current?: JsonObject): JsonObject {
  const condition = draft.network === undefined ? current?.['network'] : conditionJson(draft.network);
  const network =
    typeof condition === 'object' && condition !== null && !Array.isArray(condition) && condition['connection'] !== 'ANYWHERE' ? condition : undefined;
  return {
    application_type: draft.applicationType,
    grant_types: draft.grantTypes,
    response_types: draft.responseTypes,
    redirect_uris: draft.redirectUris,
    post_logout_redirect_uris: draft.postLogoutRedirectUris,
    dpop_bound_access_tokens: draft.dpop,
    client_uri: draft.clientUri,
    logo_uri: draft.logoUri,
    ...(draft.refreshToken !== undefined ? { refresh_token: draft.refreshToken } : {}),
    ...(network !== undefined ? { network } : {}),
  };
}
