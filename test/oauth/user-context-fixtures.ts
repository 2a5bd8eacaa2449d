/**
 * Fixtures for the user-context suites (authorization code + PKCE, refresh tokens, OIDC): web
 * and public OIDC apps registered straight in the store (test/fixtures/apps.ts), a headless
 * sign-in through POST /api/v1/authn + `sessionToken` on the authorize URL (as Okta's
 * SDKs do it), and raw token requests.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { randomBase62 } from '../../src/crypto/random-id.js';
import { insertWebApp, REDIRECT_URI, type WebApp, type WebAppOptions } from '../fixtures/apps.js';
import { fixtureOrg, type TestApp } from '../helpers/test-app.js';

export { LOGOUT_URI, REDIRECT_URI, type WebApp, type WebAppOptions } from '../fixtures/apps.js';

export function createWebApp(t: TestApp, options: WebAppOptions = {}): Promise<WebApp> {
  return insertWebApp(fixtureOrg(t), options);
}

/** POST /api/v1/authn → the one-time sessionToken. */
export async function sessionTokenFor(t: TestApp, username: string, password = 'Passw0rd-Test!'): Promise<string> {
  const res = await t.request('POST', '/api/v1/authn', { token: null, body: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json<{ status: string; sessionToken: string }>();
  assert.equal(body.status, 'SUCCESS');
  return body.sessionToken;
}

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(client: WebApp, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    client_id: client.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    state: 'st-' + randomBase62(8),
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== undefined) query.set(key, value);
  return `/oauth2/v1/authorize?${query.toString()}`;
}

export function getAuthorize(t: TestApp, url: string, cookie?: string): Promise<LightMyRequestResponse> {
  return t.app.fastify.inject({ method: 'GET', url, headers: cookie === undefined ? {} : { cookie } });
}

/** The parameters of the 302's Location (a redirect back to the client). */
export function redirectParams(res: LightMyRequestResponse): URLSearchParams {
  assert.equal(res.statusCode, 302, res.body);
  return new URL(String(res.headers['location'])).searchParams;
}

/** The `sid=…` pair of the response's Set-Cookie, for the next request's Cookie header. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header === undefined ? [] : [header];
  const sid = cookies.find((c) => c.startsWith('sid='));
  assert.ok(sid !== undefined, 'no session cookie set');
  return sid.split(';')[0] ?? '';
}

export interface CodeResult {
  readonly code: string;
  readonly pkce: Pkce;
  readonly nonce: string;
  readonly cookie: string;
}

/** Signs `login` in headlessly and runs /authorize: the code, and what the token request needs. */
export async function authorizeCode(t: TestApp, client: WebApp, login: string, scope: string, extra: Record<string, string> = {}): Promise<CodeResult> {
  const pkce = newPkce();
  const nonce = 'n-' + randomBase62(12);
  const sessionToken = await sessionTokenFor(t, login);
  const res = await getAuthorize(
    t,
    authorizeUrl(client, { scope, nonce, code_challenge: pkce.challenge, code_challenge_method: 'S256', sessionToken, ...extra }),
  );
  const params = redirectParams(res);
  const code = params.get('code');
  assert.ok(code !== null, `no code in ${String(res.headers['location'])}`);
  return { code, pkce, nonce, cookie: sessionCookie(res) };
}

/** POST /oauth2/v1/token with the client's own authentication method. */
export function tokenRequest(
  t: TestApp | { app: TestApp['app'] },
  client: WebApp,
  values: Record<string, string>,
  extraHeaders: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const form = new URLSearchParams(values);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...extraHeaders };
  if (client.app.tokenEndpointAuthMethod === 'client_secret_basic' && client.secret !== undefined) {
    headers['authorization'] = 'Basic ' + Buffer.from(`${client.clientId}:${client.secret}`).toString('base64');
  } else {
    form.set('client_id', client.clientId);
    if (client.secret !== undefined) form.set('client_secret', client.secret);
  }
  return t.app.fastify.inject({ method: 'POST', url: '/oauth2/v1/token', headers, payload: form.toString() });
}

export function redeemCode(t: TestApp, client: WebApp, result: CodeResult, overrides: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return tokenRequest(t, client, {
    grant_type: 'authorization_code',
    code: result.code,
    redirect_uri: REDIRECT_URI,
    code_verifier: result.pkce.verifier,
    ...overrides,
  });
}

export function refresh(t: TestApp, client: WebApp, refreshToken: string, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return tokenRequest(t, client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra });
}

export interface TokenBody {
  readonly token_type: string;
  readonly expires_in: number;
  readonly access_token: string;
  readonly scope: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
}

/** Code flow end to end: the token response body. */
export async function userTokens(t: TestApp, client: WebApp, login: string, scope: string): Promise<TokenBody> {
  const result = await authorizeCode(t, client, login, scope);
  const res = await redeemCode(t, client, result);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<TokenBody>();
}
