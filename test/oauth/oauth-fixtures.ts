/**
 * Fixtures for the org authorization server suites: raw form posts to /oauth2/v1/*, JWTs with
 * any header (for assertions an honest library would refuse to build), DPoP keys and proofs
 * (RFC 9449 §4.2), the DPoP nonce handshake, and the assertion of an RFC 6749 §5.2 error body.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  CompactSign,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
  type KeyObject,
} from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { DEFAULT_RATE_LIMITS, type Config, type RateLimitFamily } from '../../src/config/config.js';
import { randomBase62 } from '../../src/crypto/random-id.js';
import type { AppRecord, AppStatus } from '../../src/store/oauth-records.js';
import { accessTokenHash } from '../../src/oauth/tokens/access-token.js';
import { insertApp, insertAppKey, insertAppSecret, newRsaKey, type ServiceAppOptions } from '../fixtures/apps.js';
import type { StoreKind } from '../helpers/databases.js';
import { clientAssertion, createServiceApp, type ServiceApp } from '../helpers/oauth.js';
import { fixtureOrg, startTestApp, type TestApp } from '../helpers/test-app.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** These suites send hundreds of requests without moving the clock: rate limits are not what they test. */
export const OAUTH_TEST_CONFIG: Partial<Config> = {
  rateLimit: {
    perMinute: Object.fromEntries(Object.keys(DEFAULT_RATE_LIMITS).map((family) => [family, 1_000_000])) as Record<RateLimitFamily, number>,
    perCredentialShare: 1,
    windowMs: 60_000,
  },
};

/** The service app most suites start with: okta.users.read granted, READ_ONLY_ADMIN. */
export const READER: ServiceAppOptions = { scopes: ['okta.users.read'], roles: ['READ_ONLY_ADMIN'] };

/** A test app with OAUTH_TEST_CONFIG and one service app (private_key_jwt) made with `client` (READER unless given). */
export async function startWithServiceApp(kind: StoreKind, client: ServiceAppOptions = READER): Promise<{ t: TestApp; client: ServiceApp }> {
  const t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
  return { t, client: await createServiceApp(t, client) };
}

export type SigningKey = CryptoKey | KeyObject | Uint8Array;

export const nowSeconds = (t: TestApp): number => Math.floor(t.clock.now() / 1000);

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWS with exactly this protected header and payload. */
export async function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: SigningKey): Promise<string> {
  // jose refuses to produce `crit` extensions it does not know unless told they are understood.
  const crit = Array.isArray(header['crit']) ? Object.fromEntries(header['crit'].map((name) => [String(name), true])) : undefined;
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader(header as { alg: string })
    .sign(key, crit === undefined ? undefined : { crit });
}

/** An `alg: none` JWT (empty signature part). */
export function unsignedJwt(payload: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
}

/** The claims the Okta SDK puts in a client assertion, with overrides (`undefined` drops a claim). */
export function assertionClaims(t: TestApp, client: ServiceApp, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = nowSeconds(t);
  const claims: Record<string, unknown> = {
    iss: client.clientId,
    sub: client.clientId,
    aud: `${t.config.orgUrl}/oauth2/v1/token`,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    ...overrides,
  };
  for (const [key, value] of Object.entries(claims)) if (value === undefined) delete claims[key];
  return claims;
}

/** A client assertion signed with the client's own key, with header additions and claim overrides. */
export async function customAssertion(
  t: TestApp,
  client: ServiceApp,
  options: { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: SigningKey } = {},
): Promise<string> {
  const header = { alg: 'RS256', typ: 'JWT', kid: client.kid, ...options.header };
  for (const [key, value] of Object.entries(header)) if (value === undefined) delete (header as Record<string, unknown>)[key];
  return signJwt(header, assertionClaims(t, client, options.claims), options.key ?? client.privateKey);
}

/** Registers one more public key for `client` (what POST /credentials/jwks does); returns its private half. */
export async function addClientKey(
  t: TestApp,
  client: ServiceApp,
  options: { status?: AppStatus; alg?: string | null; kid?: string } = {},
): Promise<{ kid: string; privateKey: CryptoKey }> {
  const key = await newRsaKey({ kid: options.kid, alg: options.alg });
  await insertAppKey(fixtureOrg(t), client.clientId, key, options.status);
  return { kid: key.kid, privateKey: key.privateKey };
}

/** An OIDC app straight in the store, for the client kinds the org AS refuses client credentials to. */
export async function insertOidcApp(t: TestApp, fields: Partial<AppRecord>): Promise<{ app: AppRecord; secret: string }> {
  const org = fixtureOrg(t);
  const app = await insertApp(org, {
    name: 'oidc_client',
    label: 'App ' + randomBase62(6),
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: 'client_secret_basic',
    applicationType: 'service',
    oauthClient: { application_type: fields.applicationType ?? 'service', grant_types: ['client_credentials'], response_types: ['token'] },
    ...fields,
  });
  return { app, secret: await insertAppSecret(org, app.id, randomBase62(40)) };
}

export const basic = (id: string, secret: string): string =>
  'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

export interface PostOptions {
  readonly headers?: Record<string, string>;
  readonly query?: string;
}

/** POST a form body (a string is sent verbatim, so parameters can repeat) to an /oauth2 endpoint. */
export function postForm(
  t: TestApp | { app: TestApp['app'] },
  path: string,
  body: string | Record<string, string>,
  options: PostOptions = {},
): Promise<LightMyRequestResponse> {
  return t.app.fastify.inject({
    method: 'POST',
    url: path + (options.query ?? ''),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    payload: typeof body === 'string' ? body : new URLSearchParams(body).toString(),
  });
}

/** The client_credentials form as the Okta SDK sends it. */
export function tokenForm(assertion: string, scope = 'okta.users.read', extra: Record<string, string> = {}): Record<string, string> {
  return { grant_type: 'client_credentials', scope, client_assertion_type: JWT_BEARER, client_assertion: assertion, ...extra };
}

/** Asserts an RFC 6749 §5.2 error response: status, `error`, exact `error_description`, no-store. */
export function assertOAuthError(res: LightMyRequestResponse, status: number, error: string, description: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(res.json(), { error, error_description: description });
  assert.equal(res.headers['cache-control'], 'no-store');
}

/** An access token for `client` through the ordinary (non-DPoP) flow. */
export async function accessToken(t: TestApp, client: ServiceApp, scope: string): Promise<string> {
  const res = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), scope));
  assert.equal(res.statusCode, 200, res.body);
  return res.json<{ access_token: string }>().access_token;
}

export function jwtParts(token: string): { header: ReturnType<typeof decodeProtectedHeader>; claims: ReturnType<typeof decodeJwt> } {
  return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
}

export interface DpopKey {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
  /** RFC 7638 SHA-256 thumbprint: the `cnf.jkt` a token bound to this key carries. */
  readonly jkt: string;
}

export async function dpopKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, privateJwk: await exportJWK(privateKey), jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

export interface ProofOptions {
  readonly htm?: string;
  readonly htu?: string;
  readonly iat?: number;
  readonly jti?: string;
  readonly nonce?: string;
  /** The access token the proof is for (`ath`), or an explicit `ath` value. */
  readonly accessToken?: string;
  readonly ath?: string;
  /** Replaces header members (e.g. a private `jwk`, another `typ`). */
  readonly header?: Record<string, unknown>;
  /** Signs with this key instead of the one named in the header. */
  readonly signWith?: CryptoKey;
}

/** A DPoP proof (RFC 9449 §4.2) for the token endpoint unless told otherwise. */
export async function dpopProof(t: TestApp, key: DpopKey, options: ProofOptions = {}): Promise<string> {
  const payload: Record<string, unknown> = {
    htm: options.htm ?? 'POST',
    htu: options.htu ?? `${t.config.orgUrl}/oauth2/v1/token`,
    iat: options.iat ?? nowSeconds(t),
    jti: options.jti ?? randomUUID(),
  };
  if (options.nonce !== undefined) payload['nonce'] = options.nonce;
  const ath = options.ath ?? (options.accessToken !== undefined ? accessTokenHash(options.accessToken) : undefined);
  if (ath !== undefined) payload['ath'] = ath;
  return signJwt({ typ: 'dpop+jwt', alg: key.alg, jwk: key.publicJwk, ...options.header }, payload, options.signWith ?? key.privateKey);
}

/** The server's current DPoP nonce: what a nonce-less proof at the token endpoint is answered with. */
export async function dpopNonce(t: TestApp, client: ServiceApp, key: DpopKey): Promise<string> {
  const res = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client)), { headers: { dpop: await dpopProof(t, key) } });
  assert.equal(res.statusCode, 400, res.body);
  const nonce = res.headers['dpop-nonce'];
  assert.equal(typeof nonce, 'string');
  return String(nonce);
}

/** A DPoP-bound access token for `client`, bound to `key`, through the nonce handshake. */
export async function dpopAccessToken(t: TestApp, client: ServiceApp, key: DpopKey, scope: string): Promise<string> {
  const nonce = await dpopNonce(t, client, key);
  const res = await postForm(t, '/oauth2/v1/token', tokenForm(await clientAssertion(t, client), scope), {
    headers: { dpop: await dpopProof(t, key, { nonce }) },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json<{ token_type: string }>().token_type, 'DPoP');
  return res.json<{ access_token: string }>().access_token;
}
