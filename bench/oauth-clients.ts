/**
 * The clients of the OAuth and sign-in benchmarks: apps registered in Tessera through
 * test/fixtures/ (a service app with an RSA key, scope grants and admin roles; a web app for the
 * code flow), seen as the client sees itself (its key as PEM, its Basic header); and the tokens
 * got over HTTP the way a client gets them (client_credentials; authn → authorize → code → token).
 */
import { createHash, createPrivateKey, randomBytes, randomUUID, sign } from 'node:crypto';
import type { JWK } from 'jose';
import { randomBase62 } from '../src/crypto/random-id.js';
import { insertServiceApp, insertWebApp, REDIRECT_URI } from '../test/fixtures/apps.js';
import { createUser } from '../test/fixtures/users.js';
import { JWT_BEARER } from './oauth-bodies.js';
import type { TesseraUnderTest } from './servers.js';

export interface ServiceClient {
  readonly clientId: string;
  readonly kid: string;
  readonly privateKeyPem: string;
  /** Public JWK with kid, alg RS256, use sig (what the app's JWKS holds). */
  readonly publicJwk: JWK;
}

export interface WebClient {
  readonly clientId: string;
  readonly secret: string;
  readonly redirectUri: string;
  /** `Authorization: Basic …` (client_secret_basic). */
  readonly authorization: string;
}

export async function registerServiceApp(t: TesseraUnderTest, scopes: readonly string[], roles: readonly string[]): Promise<ServiceClient> {
  const app = await insertServiceApp(t, { scopes, roles, label: 'Benchmark service app' });
  const privateKeyPem = createPrivateKey({ key: app.privateJwk, format: 'jwk' }).export({ format: 'pem', type: 'pkcs8' }).toString();
  return { clientId: app.clientId, kid: app.kid, privateKeyPem, publicJwk: app.publicJwk };
}

/** A client_secret_basic web app for the code flow (no `refresh_token` settings: Okta's defaults, ROTATE with a 30 s leeway). */
export async function registerWebApp(t: TesseraUnderTest, scopes: readonly string[]): Promise<WebClient> {
  const { clientId, secret } = await insertWebApp(t, { scopes, label: 'Benchmark web app' });
  if (secret === undefined) throw new Error('a client_secret_basic app has a secret');
  const authorization = 'Basic ' + Buffer.from(`${clientId}:${secret}`).toString('base64');
  return { clientId, secret, redirectUri: REDIRECT_URI, authorization };
}

/** An ACTIVE user with a password (hashed with the server's argon2id parameters) and admin roles. */
export async function createUserWithPassword(t: TesseraUnderTest, login: string, password: string, roles: readonly string[]): Promise<string> {
  const user = await createUser(t, { login, email: login, firstName: 'Bench', lastName: 'User' }, { password, roles });
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
