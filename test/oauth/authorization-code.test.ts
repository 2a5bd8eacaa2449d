/**
 * The authorization code flow on the org authorization server: /oauth2/v1/authorize (sessionToken,
 * session cookie, sign-in page redirect, prompt, PKCE, scopes, response modes, errors that must
 * not be redirected) and the authorization_code grant (PKCE verifier, redirect_uri binding,
 * single use with revocation of what the first use issued, 60-second lifetime).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { atHash } from '../../src/oauth/id-token.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { buildApp } from '../../src/app.js';
import { dpopKey, dpopProof, OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import {
  REDIRECT_URI,
  authorizeCode,
  authorizeUrl,
  createWebApp,
  getAuthorize,
  newPkce,
  redeemCode,
  redirectParams,
  refresh,
  sessionCookie,
  sessionTokenFor,
  tokenRequest,
  type TokenBody,
  type WebApp,
} from './user-context-fixtures.js';

for (const kind of await storeKinds()) {
  describe(`authorization code flow (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    let login: string;
    let userId: string;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createWebApp(t, { scopes: ['okta.users.read'] });
      login = 'alice@example.com';
      userId = (await userWithRoles(t, login, ['READ_ONLY_ADMIN'])).user.id;
    });
    after(() => t.close());

    it('signs in with a sessionToken and returns a code, state and iss to the redirect URI; the code buys user tokens', async () => {
      const pkce = newPkce();
      const sessionToken = await sessionTokenFor(t, login);
      const res = await getAuthorize(
        t,
        authorizeUrl(client, {
          scope: 'openid profile offline_access okta.users.read',
          state: 'xyz',
          nonce: 'n-0S6',
          code_challenge: pkce.challenge,
          code_challenge_method: 'S256',
          sessionToken,
        }),
      );
      const params = redirectParams(res);
      assert.equal(String(res.headers['location']).split('?')[0], REDIRECT_URI);
      assert.equal(params.get('state'), 'xyz');
      assert.equal(params.get('iss'), t.config.orgUrl);
      assert.match(String(res.headers['set-cookie']), /^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax/);
      const token = await redeemCode(t, client, { code: params.get('code') ?? '', pkce, nonce: 'n-0S6', cookie: '' });
      assert.equal(token.statusCode, 200, token.body);
      assert.equal(token.headers['cache-control'], 'no-store');
      const body = token.json<TokenBody>();
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 3600);
      assert.equal(body.scope, 'openid profile offline_access okta.users.read');
      assert.match(body.refresh_token ?? '', /^[A-Za-z0-9_-]{43}$/);

      const access = decodeJwt(body.access_token);
      assert.equal(access['uid'], userId);
      assert.equal(access.sub, login);
      assert.equal(access['cid'], client.clientId);
      assert.deepEqual(access['scp'], ['openid', 'profile', 'offline_access', 'okta.users.read']);

      const idToken = body.id_token ?? '';
      assert.deepEqual(decodeProtectedHeader(idToken).typ, 'JWT');
      const claims = decodeJwt(idToken);
      assert.equal(claims.iss, t.config.orgUrl);
      assert.equal(claims.sub, userId);
      assert.equal(claims.aud, client.clientId);
      assert.equal(claims['nonce'], 'n-0S6');
      assert.equal(claims['at_hash'], atHash(body.access_token));
      assert.deepEqual(claims['amr'], ['pwd']);
      assert.equal(typeof claims['auth_time'], 'number');
      assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);

      const logs = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent('eventType eq "app.oauth2.authorize.code"')}`);
      const events = logs.json<Array<{ actor: { id: string }; client: { id: string } | null }>>();
      assert.equal(events.length, 1);
      assert.equal(events[0]?.actor.id, userId);
    });

    it('sends a browser without a session to the sign-in page, which returns to the same request', async () => {
      const url = authorizeUrl(client, { scope: 'openid', code_challenge: newPkce().challenge, code_challenge_method: 'S256' });
      const res = await getAuthorize(t, url);
      assert.equal(res.statusCode, 302);
      const location = new URL(String(res.headers['location']));
      assert.equal(location.origin + location.pathname, `${t.config.orgUrl}/login`);
      const fromUri = location.searchParams.get('fromURI') ?? '';
      assert.ok(fromUri.startsWith('/oauth2/v1/authorize?'), fromUri);
      assert.deepEqual(new URLSearchParams(fromUri.split('?')[1]), new URLSearchParams(url.split('?')[1]));
    });

    it('completes the flow in a browser through the hosted sign-in page', async () => {
      const pkce = newPkce();
      const start = await getAuthorize(
        t,
        authorizeUrl(client, { scope: 'openid', state: 'web', code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
      );
      const loginUrl = new URL(String(start.headers['location']));
      const page = await t.app.fastify.inject({ method: 'GET', url: loginUrl.pathname + loginUrl.search });
      assert.equal(page.statusCode, 200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const preSession = String(page.headers['set-cookie']).split(';')[0] ?? '';
      const posted = await t.app.fastify.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: preSession },
        payload: new URLSearchParams({ username: login, password: 'Passw0rd-Test!', csrf, fromURI: loginUrl.searchParams.get('fromURI') ?? '' }).toString(),
      });
      assert.equal(posted.statusCode, 303, posted.body);
      const back = String(posted.headers['location']);
      assert.ok(back.startsWith('/oauth2/v1/authorize?'), back);
      const done = await getAuthorize(t, back, sessionCookie(posted));
      const params = redirectParams(done);
      assert.equal(params.get('state'), 'web');
      const token = await redeemCode(t, client, { code: params.get('code') ?? '', pkce, nonce: '', cookie: '' });
      assert.equal(token.statusCode, 200, token.body);
      assert.equal(decodeJwt(token.json<TokenBody>().id_token ?? '').sub, userId);
    });

    it('answers prompt=none without a session with login_required at the redirect URI', async () => {
      const params = redirectParams(await getAuthorize(t, authorizeUrl(client, { scope: 'openid', prompt: 'none', state: 's1' })));
      assert.equal(params.get('error'), 'login_required');
      assert.equal(params.get('state'), 's1');
      assert.equal(params.get('code'), null);
    });

    it('uses the session cookie, honours prompt=login, and redeems a sessionToken only once', async () => {
      const sessionToken = await sessionTokenFor(t, login);
      const first = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken }));
      assert.ok(redirectParams(first).get('code'));
      const cookie = sessionCookie(first);
      // The same browser: no sign-in needed, even with prompt=none.
      assert.ok(redirectParams(await getAuthorize(t, authorizeUrl(client, { scope: 'openid', prompt: 'none' }), cookie)).get('code'));
      // prompt=login: back to the sign-in page, which must not loop back to prompt=login.
      const again = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', prompt: 'login' }), cookie);
      const fromUri = new URL(String(again.headers['location'])).searchParams.get('fromURI') ?? '';
      assert.ok(fromUri.startsWith('/oauth2/v1/authorize?') && !fromUri.includes('prompt'), fromUri);
      // A spent sessionToken signs nobody in (and is not carried to the sign-in page).
      const replay = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken }));
      assert.equal(replay.statusCode, 302);
      const location = String(replay.headers['location']);
      assert.ok(location.startsWith(`${t.config.orgUrl}/login?`), location);
      assert.ok(!location.includes(sessionToken));
    });

    it('shows an error page, never a redirect, for an unregistered redirect URI or an unknown client', async () => {
      for (const url of [
        authorizeUrl(client, { scope: 'openid', redirect_uri: 'https://evil.example.com/callback' }),
        authorizeUrl(client, { scope: 'openid', redirect_uri: `${REDIRECT_URI}/extra` }),
        authorizeUrl(client, { scope: 'openid', redirect_uri: undefined }),
        authorizeUrl(client, { scope: 'openid', client_id: '<script>alert(1)</script>' }),
        authorizeUrl(client, { scope: 'openid', client_id: undefined }),
      ]) {
        const res = await getAuthorize(t, url);
        assert.equal(res.statusCode, 400, url);
        assert.equal(res.headers['location'], undefined);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
        assert.ok(!res.body.includes('<script>'), res.body);
        assert.match(res.body, /invalid_(request|client)/);
      }
    });

    it('accepts any port on a registered loopback redirect URI (RFC 8252 §7.3), and only there', async () => {
      const native = await createWebApp(t, {
        authMethod: 'none',
        applicationType: 'native',
        redirectUris: ['http://127.0.0.1/callback', 'http://localhost/cb'],
      });
      const pkce = newPkce();
      const sessionToken = await sessionTokenFor(t, login);
      const loopback = 'http://127.0.0.1:53121/callback';
      const res = await getAuthorize(
        t,
        authorizeUrl(native, { scope: 'openid', redirect_uri: loopback, code_challenge: pkce.challenge, code_challenge_method: 'S256', sessionToken }),
      );
      assert.ok(String(res.headers['location']).startsWith(loopback + '?'));
      const code = redirectParams(res).get('code') ?? '';
      const token = await tokenRequest(t, native, { grant_type: 'authorization_code', code, redirect_uri: loopback, code_verifier: pkce.verifier });
      assert.equal(token.statusCode, 200, token.body);
      const otherPath = await getAuthorize(t, authorizeUrl(native, { scope: 'openid', redirect_uri: 'http://127.0.0.1:53121/other' }));
      assert.equal(otherPath.statusCode, 400);
      const notLoopbackIp = await getAuthorize(t, authorizeUrl(native, { scope: 'openid', redirect_uri: 'http://localhost:8000/cb' }));
      assert.equal(notLoopbackIp.statusCode, 400);
    });

    it('returns request errors to the client once client and redirect URI are valid', async () => {
      const publicClient = await createWebApp(t, { authMethod: 'none' });
      const cases: Array<[WebApp, Record<string, string>, string, RegExp]> = [
        [publicClient, { scope: 'openid' }, 'invalid_request', /PKCE code challenge is required/],
        [publicClient, { scope: 'openid', code_challenge: newPkce().challenge, code_challenge_method: 'plain' }, 'invalid_request', /S256/],
        [publicClient, { scope: 'openid', code_challenge: newPkce().challenge }, 'invalid_request', /S256/],
        [client, { scope: 'openid', response_type: 'token' }, 'unsupported_response_type', /response type/],
        [client, { scope: 'openid phone' }, 'invalid_scope', /phone/],
        [client, { scope: 'okta.groups.read' }, 'invalid_scope', /exceeds the scope granted/],
        [client, { scope: 'openid', prompt: 'none login' }, 'invalid_request', /prompt/],
        [client, { scope: 'openid', response_mode: 'fragment' }, 'unsupported_response_mode', /fragment/],
      ];
      for (const [app, params, error, description] of cases) {
        const res = await getAuthorize(t, authorizeUrl(app, { state: 'k', ...params }));
        const back = redirectParams(res);
        assert.equal(back.get('error'), error, JSON.stringify(params));
        assert.match(back.get('error_description') ?? '', description);
        assert.equal(back.get('state'), 'k');
      }
      const duplicated = await getAuthorize(t, authorizeUrl(client, { scope: 'openid' }) + '&scope=email');
      assert.equal(duplicated.statusCode, 400);
      assert.match(duplicated.body, /Duplicate parameter/);
    });

    it('drops okta.* scopes the app was not granted and keeps the granted ones', async () => {
      const body = await redeemCode(t, client, await authorizeCode(t, client, login, 'openid okta.users.read okta.users.manage okta.groups.read'));
      assert.equal(body.json<TokenBody>().scope, 'openid okta.users.read');
      const noRefresh = await createWebApp(t, { grantTypes: ['authorization_code'] });
      const tokens = (await redeemCode(t, noRefresh, await authorizeCode(t, noRefresh, login, 'openid offline_access'))).json<TokenBody>();
      assert.equal(tokens.scope, 'openid');
      assert.equal(tokens.refresh_token, undefined);
    });

    it('answers response_mode=form_post with an auto-submitting form to the redirect URI', async () => {
      const sessionToken = await sessionTokenFor(t, login);
      const res = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', response_mode: 'form_post', state: '"><b>', sessionToken }));
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(String(res.headers['content-security-policy']), /script-src 'sha256-/);
      assert.ok(res.body.includes(`<form method="post" action="${REDIRECT_URI}">`));
      assert.match(res.body, /<input type="hidden" name="code" value="[A-Za-z0-9_-]{43}"\/>/);
      assert.ok(res.body.includes('value="&quot;&gt;&lt;b&gt;"'), res.body);
    });

    it('takes the authorization request as a POST form too', async () => {
      const sessionToken = await sessionTokenFor(t, login);
      const form = new URLSearchParams({
        client_id: client.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 'p',
        sessionToken,
      });
      const res = await t.app.fastify.inject({
        method: 'POST',
        url: '/oauth2/v1/authorize',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      assert.equal(redirectParams(res).get('state'), 'p');
      assert.ok(redirectParams(res).get('code'));
    });

    it('refuses a replayed DPoP code redemption before redeeming the code again, on another node too: the first tokens stay valid', async () => {
      const dpopClient = await createWebApp(t, { scopes: ['okta.users.read'], dpop: true });
      const key = await dpopKey();
      const result = await authorizeCode(t, dpopClient, login, 'openid okta.users.read');
      const values = { grant_type: 'authorization_code', code: result.code, redirect_uri: REDIRECT_URI, code_verifier: result.pkce.verifier };
      // The nonce handshake (Okta's): refused before the code is touched.
      const first = await tokenRequest(t, dpopClient, values, { dpop: await dpopProof(t, key) });
      assert.equal(first.json().error, 'use_dpop_nonce');
      const nonce = String(first.headers['dpop-nonce']);
      const proof = await dpopProof(t, key, { nonce });
      const redeemed = await tokenRequest(t, dpopClient, values, { dpop: proof });
      assert.equal(redeemed.statusCode, 200, redeemed.body);
      const access = redeemed.json<TokenBody>().access_token;

      const node2 = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      try {
        for (const node of [t, { app: node2 }]) {
          const replayed = await tokenRequest(node, dpopClient, values, { dpop: proof });
          assert.equal(replayed.statusCode, 400, replayed.body);
          assert.deepEqual(replayed.json(), { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT has already been used.' });
        }
      } finally {
        await node2.fastify.close();
      }
      // Had the replay redeemed the code again, code reuse would have revoked the first tokens.
      const active = await t.app.fastify.inject({
        method: 'POST',
        url: '/oauth2/v1/introspect',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic ' + Buffer.from(`${dpopClient.clientId}:${dpopClient.secret ?? ''}`).toString('base64'),
        },
        payload: new URLSearchParams({ token: access }).toString(),
      });
      assert.equal(active.statusCode, 200, active.body);
      assert.equal(active.json().active, true);
    });

    it('checks the PKCE verifier, the redirect URI and the client at the token endpoint', async () => {
      const result = await authorizeCode(t, client, login, 'openid');
      const wrong = await redeemCode(t, client, result, { code_verifier: newPkce().verifier });
      assert.equal(wrong.statusCode, 400);
      assert.deepEqual(wrong.json(), { error: 'invalid_grant', error_description: 'PKCE verification failed.' });
      const missing = await tokenRequest(t, client, { grant_type: 'authorization_code', code: result.code, redirect_uri: REDIRECT_URI });
      assert.equal(missing.json().error, 'invalid_grant');
      const otherUri = await redeemCode(t, client, result, { redirect_uri: 'https://app.example.com/other' });
      assert.equal(otherUri.json().error, 'invalid_grant');
      assert.match(otherUri.json().error_description, /redirect_uri/);
      const other = await createWebApp(t);
      assert.equal((await redeemCode(t, other, result)).json().error, 'invalid_grant');
      // None of those spent the code: the legitimate request still works.
      assert.equal((await redeemCode(t, client, result)).statusCode, 200);

      const withoutPkce = await createWebApp(t);
      const sessionToken = await sessionTokenFor(t, login);
      const code = redirectParams(await getAuthorize(t, authorizeUrl(withoutPkce, { scope: 'openid', sessionToken }))).get('code') ?? '';
      const downgrade = await tokenRequest(t, withoutPkce, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: newPkce().verifier,
      });
      assert.equal(downgrade.json().error, 'invalid_grant');
      assert.equal((await tokenRequest(t, withoutPkce, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI })).statusCode, 200);
    });

    it('authenticates the client by its own method: none for a public client, a secret for a confidential one', async () => {
      const result = await authorizeCode(t, client, login, 'openid');
      const noSecret = await t.app.fastify.inject({
        method: 'POST',
        url: '/oauth2/v1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: client.clientId,
          code: result.code,
          redirect_uri: REDIRECT_URI,
          code_verifier: result.pkce.verifier,
        }).toString(),
      });
      assert.equal(noSecret.statusCode, 401);
      assert.equal(noSecret.json().error, 'invalid_client');
      const publicClient = await createWebApp(t, { authMethod: 'none' });
      assert.equal((await redeemCode(t, publicClient, await authorizeCode(t, publicClient, login, 'openid'))).statusCode, 200);
    });

    it('refuses a second use of a code and revokes the access and refresh tokens the first use issued', async () => {
      const result = await authorizeCode(t, client, login, 'openid offline_access okta.users.read');
      const first = (await redeemCode(t, client, result)).json<TokenBody>();
      const users = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${first.access_token}` });
      assert.equal(users.statusCode, 200, users.body);
      const second = await redeemCode(t, client, result);
      assert.equal(second.statusCode, 400);
      assert.deepEqual(second.json(), { error: 'invalid_grant', error_description: 'The authorization code is invalid or has expired.' });
      const after = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${first.access_token}` });
      assert.equal(after.statusCode, 401);
      assert.equal((await refresh(t, client, first.refresh_token ?? '')).json().error, 'invalid_grant');
    });

    it('gives one of two concurrent redemptions the tokens and revokes them when the other arrives', async () => {
      const result = await authorizeCode(t, client, login, 'openid offline_access okta.users.read');
      const answers = await Promise.all([redeemCode(t, client, result), redeemCode(t, client, result)]);
      const ok = answers.filter((r) => r.statusCode === 200);
      assert.equal(ok.length, 1, answers.map((r) => r.body).join('\n'));
      const issued = ok[0]?.json<TokenBody>();
      const users = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${issued?.access_token ?? ''}` });
      assert.equal(users.statusCode, 401);
    });

    it('lets a code expire after 60 seconds', async () => {
      const result = await authorizeCode(t, client, login, 'openid');
      t.clock.advance(61_000);
      const res = await redeemCode(t, client, result);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error, 'invalid_grant');
    });
  });
}
