/**
 * The published `openid-client` (6.x) as the relying party, over real HTTP: discovery, the
 * authorization code flow with PKCE driven headlessly (POST /api/v1/authn, then the authorize
 * URL with the sessionToken, its 302 followed by hand), the token response validated by the
 * library (ID token signature with enableNonRepudiationChecks, iss, aud, nonce, state; `at_hash`
 * is checked here, oauth4webapi checks it only in hybrid flows), userinfo, refresh rotation, a
 * stolen refresh token replayed after the leeway, and RP-initiated logout.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { ManualClock } from '../../src/clock.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import { LOGOUT_URI, REDIRECT_URI, createWebApp, type WebApp } from './user-context-fixtures.js';

const insecure = { execute: [oidc.allowInsecureRequests] };

function atHashOf(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken).digest();
  return digest.subarray(0, 16).toString('base64url');
}

for (const kind of await storeKinds()) {
  describe(`openid-client as the relying party (${kind})`, () => {
    let t: TestApp;
    let web: WebApp;
    let userId: string;
    const login = 'oidc@example.com';

    /** POST /api/v1/authn over HTTP, as a headless client would. */
    async function sessionToken(): Promise<string> {
      const res = await fetch(`${t.baseUrl}/api/v1/authn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ username: login, password: 'Passw0rd-Test!' }),
      });
      assert.equal(res.status, 200);
      return ((await res.json()) as { sessionToken: string }).sessionToken;
    }

    /** Runs the code flow through the library; returns the tokens and the session cookie. */
    async function codeFlow(config: oidc.Configuration, scope: string) {
      const verifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        nonce,
        state,
        sessionToken: await sessionToken(),
      });
      const res = await fetch(url, { redirect: 'manual' });
      assert.equal(res.status, 302);
      const location = res.headers.get('location') ?? '';
      assert.ok(location.startsWith(REDIRECT_URI + '?'), location);
      const tokens = await oidc.authorizationCodeGrant(config, new URL(location), {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { tokens, nonce, cookie };
    }

    async function discover(client: WebApp, auth: oidc.ClientAuth): Promise<oidc.Configuration> {
      const config = await oidc.discovery(new URL(t.baseUrl), client.clientId, { redirect_uris: [REDIRECT_URI] }, auth, insecure);
      oidc.enableNonRepudiationChecks(config);
      return config;
    }

    before(async () => {
      // Server time a little behind real time: moving it forward past a refresh leeway keeps the
      // ID tokens it signs from looking issued in the future to the library.
      t = await startTestApp(kind, { listen: true, config: OAUTH_TEST_CONFIG, clock: new ManualClock(Date.now() - 120_000) });
      web = await createWebApp(t, { scopes: ['okta.users.read'] });
      userId = (await userWithRoles(t, login, ['READ_ONLY_ADMIN'])).user.id;
    });
    after(() => t.close());

    it('discovers the org authorization server', async () => {
      const config = await discover(web, oidc.ClientSecretBasic(web.secret));
      const metadata = config.serverMetadata();
      assert.equal(metadata.issuer, t.config.orgUrl);
      assert.equal(metadata.authorization_endpoint, `${t.config.orgUrl}/oauth2/v1/authorize`);
      assert.equal(metadata.userinfo_endpoint, `${t.config.orgUrl}/oauth2/v1/userinfo`);
      assert.equal(metadata.end_session_endpoint, `${t.config.orgUrl}/oauth2/v1/logout`);
      assert.deepEqual(metadata.code_challenge_methods_supported, ['S256']);
      assert.ok(metadata.grant_types_supported?.includes('refresh_token'));
    });

    it('runs the code flow with PKCE; the library validates the ID token; userinfo and the Management API accept the access token', async () => {
      const config = await discover(web, oidc.ClientSecretBasic(web.secret));
      const { tokens, nonce } = await codeFlow(config, 'openid profile email offline_access okta.users.read');
      const claims = tokens.claims();
      assert.ok(claims !== undefined);
      assert.equal(claims.sub, userId);
      assert.equal(claims.aud, web.clientId);
      assert.equal(claims.nonce, nonce);
      assert.equal(claims['at_hash'], atHashOf(tokens.access_token));
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.scope, 'openid profile email offline_access okta.users.read');

      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      assert.equal(info.email, login);
      assert.equal(info.preferred_username, login);
      const users = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${t.baseUrl}/api/v1/users?limit=1`), 'GET');
      assert.equal(users.status, 200);
    });

    it('refreshes with rotation, and kills the family when a stolen refresh token is replayed after the leeway', async () => {
      const config = await discover(web, oidc.ClientSecretBasic(web.secret));
      const { tokens } = await codeFlow(config, 'openid offline_access okta.users.read');
      const stolen = tokens.refresh_token ?? '';
      const renewed = await oidc.refreshTokenGrant(config, stolen);
      assert.ok(renewed.refresh_token !== undefined && renewed.refresh_token !== stolen);
      assert.equal(renewed.claims()?.sub, userId);

      t.clock.advance(31_000);
      await assert.rejects(
        oidc.refreshTokenGrant(config, stolen),
        (error: unknown) => error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant',
      );
      // The victim's next refresh fails too: the whole family is revoked.
      await assert.rejects(
        oidc.refreshTokenGrant(config, renewed.refresh_token ?? ''),
        (error: unknown) => error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant',
      );
      const logs = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.token.detect_reuse"')}`);
      assert.equal(logs.json<unknown[]>().length, 1);
    });

    it('serves a public client (token_endpoint_auth_method none) with PKCE', async () => {
      const spa = await createWebApp(t, { authMethod: 'none', refreshToken: { rotation_type: 'ROTATE', leeway: 30 } });
      const config = await discover(spa, oidc.None());
      const { tokens } = await codeFlow(config, 'openid offline_access');
      assert.equal(tokens.claims()?.sub, userId);
      const renewed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
      assert.ok(renewed.access_token);
    });

    it('refuses a wrong PKCE verifier', async () => {
      const config = await discover(web, oidc.ClientSecretBasic(web.secret));
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
        state: 's',
        sessionToken: await sessionToken(),
      });
      const location = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
      await assert.rejects(
        oidc.authorizationCodeGrant(config, new URL(location), { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: 's' }),
        (error: unknown) =>
          error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant' && error.error_description === 'PKCE verification failed.',
      );
    });

    it('logs out through the end-session URL the library builds', async () => {
      const config = await discover(web, oidc.ClientSecretBasic(web.secret));
      const { tokens, cookie } = await codeFlow(config, 'openid');
      const url = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token ?? '', post_logout_redirect_uri: LOGOUT_URI, state: 'bye' });
      const res = await fetch(url, { redirect: 'manual', headers: { cookie } });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), `${LOGOUT_URI}?state=bye`);
      const silent = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', prompt: 'none', state: 'x' });
      const back = new URL((await fetch(silent, { redirect: 'manual', headers: { cookie } })).headers.get('location') ?? '');
      assert.equal(back.searchParams.get('error'), 'login_required');
    });
  });
}
