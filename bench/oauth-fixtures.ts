/**
 * What the OAuth and sign-in benchmarks register in Tessera before a round: a service app with
 * an RSA key, scope grants and admin roles (straight in the store, as test/helpers/oauth.ts and
 * POST /api/v1/apps do), a web app for the code flow, users with passwords; and the tokens got
 * over HTTP the way a client gets them (client_credentials; authn → authorize → code → token).
 */
import { SYSTEM_CALLER } from '../src/auth/target-rules.js';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { isoAt, systemClock } from '../src/clock.js';
import { newId, randomBase62 } from '../src/crypto/random-id.js';
import { secretDigest } from '../src/crypto/secret-digest.js';
import { systemContext } from '../src/events/event-bus.js';
import { createUserService } from '../src/management/users/service.js';
import type { AppRecord } from '../src/store/oauth-records.js';
import type { PrincipalType } from '../src/store/records.js';
import { JWT_BEARER } from './oauth-bodies.js';
import type { TesseraUnderTest } from './servers.js';

export interface ServiceClient {
  readonly clientId: string;
  readonly kid: string;
  readonly privateKeyPem: string;
  /** Public JWK with kid, alg RS256, use sig (what the app's JWKS holds). */
  readonly publicJwk: Record<string, string>;
}

export interface WebClient {
  readonly clientId: string;
  readonly secret: string;
  readonly redirectUri: string;
  /** `Authorization: Basic …` (client_secret_basic). */
  readonly authorization: string;
}

const now = (): string => isoAt(systemClock.now());

async function grantScopes(t: TesseraUnderTest, appId: string, scopes: readonly string[]): Promise<void> {
  for (const scopeId of scopes) {
    await t.store.apps.insertGrant({
      id: newId('grant'),
      appId,
      scopeId,
      issuer: t.app.deps.config.orgUrl,
      source: 'ADMIN',
      createdBy: { id: t.adminId, type: 'User' },
      created: now(),
      lastUpdated: now(),
    });
  }
}

async function assignRoles(t: TesseraUnderTest, type: PrincipalType, id: string, roles: readonly string[]): Promise<void> {
  for (const roleType of roles) {
    await t.store.roles.insert({ id: newId('roleAssignment'), principalType: type, principalId: id, roleType, created: now(), lastUpdated: now() });
  }
}

export async function registerServiceApp(t: TesseraUnderTest, scopes: readonly string[], roles: readonly string[]): Promise<ServiceClient> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'kid-' + randomBase62(8);
  const jwk = publicKey.export({ format: 'jwk' });
  const publicJwk = { kty: 'RSA', n: String(jwk.n), e: String(jwk.e), kid, alg: 'RS256', use: 'sig' };
  const app: AppRecord = {
    id: newId('app'),
    name: 'oidc_client',
    label: 'Benchmark service app',
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: 'private_key_jwt',
    applicationType: 'service',
    oauthClient: { application_type: 'service', grant_types: ['client_credentials'], response_types: ['token'], dpop_bound_access_tokens: false },
    created: now(),
    lastUpdated: now(),
  };
  await t.store.apps.insert(app);
  await t.store.apps.insertKey({ id: 'pks' + randomBase62(17), appId: app.id, kid, status: 'ACTIVE', jwk: publicJwk, created: now(), lastUpdated: now() });
  await grantScopes(t, app.id, scopes);
  await assignRoles(t, 'CLIENT', app.id, roles);
  return { clientId: app.id, kid, privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicJwk };
}

export async function registerWebApp(t: TesseraUnderTest, scopes: readonly string[]): Promise<WebClient> {
  const secret = randomBytes(30).toString('base64url');
  const redirectUri = 'https://app.example.com/callback';
  const app: AppRecord = {
    id: newId('app'),
    name: 'oidc_client',
    label: 'Benchmark web app',
    status: 'ACTIVE',
    signOnMode: 'OPENID_CONNECT',
    tokenEndpointAuthMethod: 'client_secret_basic',
    applicationType: 'web',
    // No `refresh_token` settings: Okta's defaults (ROTATE, 30 s leeway).
    oauthClient: { application_type: 'web', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], redirect_uris: [redirectUri] },
    created: now(),
    lastUpdated: now(),
  };
  await t.store.apps.insert(app);
  await t.store.apps.insertSecret({
    id: newId('appSecret'),
    appId: app.id,
    digest: secretDigest(secret),
    status: 'ACTIVE',
    created: now(),
    lastUpdated: now(),
  });
  await grantScopes(t, app.id, scopes);
  const authorization = 'Basic ' + Buffer.from(`${app.id}:${secret}`).toString('base64');
  return { clientId: app.id, secret, redirectUri, authorization };
}

/** An ACTIVE user with a password (hashed with the server's argon2id parameters) and admin roles. */
export async function createUserWithPassword(t: TesseraUnderTest, login: string, password: string, roles: readonly string[]): Promise<string> {
  const users = createUserService({ store: t.store, clock: systemClock, events: t.events, passwordHasher: t.app.deps.passwordHasher });
  const user = await users.create(
    systemContext(),
    SYSTEM_CALLER,
    { profile: { login, email: login, firstName: 'Bench', lastName: 'User' }, credentials: { password: { value: password } } },
    { activate: true },
  );
  await assignRoles(t, 'USER', user.id, roles);
  return user.id;
}

/** One client assertion, signed here (setup only: rounds use bench/oauth-bodies.ts). */
export function clientAssertion(client: ServiceClient, audience: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: client.kid })}.${b64({ iss: client.clientId, sub: client.clientId, aud: audience, iat, exp: iat + 300, jti: randomUUID() })}`;
  return `${input}.${sign('sha256', Buffer.from(input), client.privateKeyPem).toString('base64url')}`;
}

async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST ${url} → ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** client_credentials over HTTP: the token response. */
export function clientCredentials(tokenEndpoint: string, client: ServiceClient, scope: string): Promise<Record<string, unknown>> {
  return postForm(tokenEndpoint, {
    grant_type: 'client_credentials',
    scope,
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertion(client, tokenEndpoint),
  });
}

/**
 * The code flow driven headlessly, as Okta's SDKs do: POST /api/v1/authn → sessionToken →
 * GET /oauth2/v1/authorize (PKCE S256) → 302 with the code → POST /oauth2/v1/token.
 */
export async function codeFlowTokens(baseUrl: string, client: WebClient, username: string, password: string, scope: string): Promise<Record<string, unknown>> {
  const authn = await fetch(`${baseUrl}/api/v1/authn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const signedIn = (await authn.json()) as { sessionToken?: string };
  if (authn.status !== 200 || signedIn.sessionToken === undefined) throw new Error(`authn → ${authn.status} ${JSON.stringify(signedIn)}`);
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: client.redirectUri,
    scope,
    state: 'st-' + randomBase62(8),
    nonce: 'n-' + randomBase62(8),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    sessionToken: signedIn.sessionToken,
  });
  const authorize = await fetch(`${baseUrl}/oauth2/v1/authorize?${query.toString()}`, { redirect: 'manual' });
  const location = authorize.headers.get('location');
  const code = location === null ? null : new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`authorize → ${authorize.status} ${location ?? (await authorize.text())}`);
  return postForm(
    `${baseUrl}/oauth2/v1/token`,
    { grant_type: 'authorization_code', code, redirect_uri: client.redirectUri, code_verifier: verifier },
    { authorization: client.authorization },
  );
}
