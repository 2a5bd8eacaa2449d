/**
 * The refresh_token grant: issued only with offline_access; ROTATE (default, 30 s leeway) and
 * STATIC; a rotated-out token within the leeway yields the same successor, after it the whole
 * family dies and `app.oauth2.token.detect_reuse` is logged; concurrent redemptions get one
 * successor; scope narrowing; lifetime and idle window; user deactivation and suspension; reuse
 * state that outlives the process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { buildApp } from '../../src/app.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import { createWebApp, refresh, userTokens, type TokenBody, type WebApp } from './user-context-fixtures.js';

async function eventsOfType(t: TestApp, type: string): Promise<Array<{ outcome: { result: string; reason: string | null } }>> {
  const res = await t.request('GET', `/api/v1/logs?filter=${encodeURIComponent(`eventType eq "${type}"`)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function familySize(t: TestApp, refreshToken: string): Promise<number> {
  const { createHash } = await import('node:crypto');
  const digest = createHash('sha256').update(refreshToken).digest('base64url');
  const row = await t.database.db.selectFrom('refresh_tokens').select('family_id').where('digest', '=', digest).executeTakeFirstOrThrow();
  const rows = await t.database.db.selectFrom('refresh_tokens').select('digest').where('family_id', '=', row.family_id).execute();
  return rows.length;
}

function tokenRequestAt(t: TestApp, url: string, client: WebApp, values: Record<string, string>) {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: 'Basic ' + Buffer.from(`${client.clientId}:${client.secret ?? ''}`).toString('base64'),
  };
  return t.app.fastify.inject({ method: 'POST', url, headers, payload: new URLSearchParams(values).toString() });
}

for (const kind of await storeKinds()) {
  describe(`refresh tokens (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    const login = 'rita@example.com';
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createWebApp(t, { scopes: ['okta.users.read'] });
      await userWithRoles(t, login, ['READ_ONLY_ADMIN']);
    });
    after(() => t.close());

    it('rotates: each refresh returns new tokens and a new refresh token, with the ID token for openid', async () => {
      const first = await userTokens(t, client, login, 'openid offline_access okta.users.read');
      const res = await refresh(t, client, first.refresh_token ?? '');
      assert.equal(res.statusCode, 200, res.body);
      const second = res.json<TokenBody>();
      assert.notEqual(second.refresh_token, first.refresh_token);
      assert.notEqual(second.access_token, first.access_token);
      assert.equal(second.scope, 'openid offline_access okta.users.read');
      const idToken = decodeJwt(second.id_token ?? '');
      assert.equal(idToken.sub, decodeJwt(first.id_token ?? '').sub);
      assert.equal(idToken['auth_time'], decodeJwt(first.id_token ?? '').auth_time);
      assert.equal(idToken['nonce'], undefined);
      const users = await t.request('GET', '/api/v1/users', { authorization: `Bearer ${second.access_token}` });
      assert.equal(users.statusCode, 200);
      const third = await refresh(t, client, second.refresh_token ?? '');
      assert.equal(third.statusCode, 200, third.body);
    });

    it('issues no refresh token without offline_access', async () => {
      const tokens = await userTokens(t, client, login, 'openid okta.users.read');
      assert.equal(tokens.refresh_token, undefined);
    });

    it('gives a retry within the leeway the same successor, and concurrent redemptions one successor', async () => {
      const first = await userTokens(t, client, login, 'offline_access okta.users.read');
      const answers = await Promise.all([1, 2, 3, 4].map(() => refresh(t, client, first.refresh_token ?? '')));
      for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
      const successors = new Set(answers.map((a) => a.json<TokenBody>().refresh_token));
      assert.equal(successors.size, 1);
      assert.equal(await familySize(t, first.refresh_token ?? ''), 2);
      t.clock.advance(29_000);
      const retry = await refresh(t, client, first.refresh_token ?? '');
      assert.equal(retry.json<TokenBody>().refresh_token, [...successors][0]);
    });

    it('kills the family when a stolen, rotated-out token is replayed after the leeway, and logs detect_reuse', async () => {
      const victim = await userTokens(t, client, login, 'offline_access okta.users.read');
      const stolen = victim.refresh_token ?? '';
      const rotated = (await refresh(t, client, stolen)).json<TokenBody>();
      t.clock.advance(31_000);
      const before = (await eventsOfType(t, 'app.oauth2.token.detect_reuse')).length;
      const thief = await refresh(t, client, stolen);
      assert.equal(thief.statusCode, 400);
      assert.deepEqual(thief.json(), { error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });
      const victimNext = await refresh(t, client, rotated.refresh_token ?? '');
      assert.equal(victimNext.statusCode, 400);
      assert.equal(victimNext.json().error, 'invalid_grant');
      const events = await eventsOfType(t, 'app.oauth2.token.detect_reuse');
      assert.equal(events.length, before + 1);
      assert.equal(events[0]?.outcome.result, 'DENY');
    });

    it('keeps reuse detection across a restart (the state is in the database)', async () => {
      const tokens = await userTokens(t, client, login, 'offline_access okta.users.read');
      const successor = (await refresh(t, client, tokens.refresh_token ?? '')).json<TokenBody>();
      const restarted = await buildApp({ config: t.config, store: t.store, clock: t.clock });
      try {
        t.clock.advance(31_000);
        const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
        const replay = await restarted.fastify.inject({
          method: 'POST',
          url: '/oauth2/v1/token',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: 'Basic ' + Buffer.from(`${client.clientId}:${client.secret ?? ''}`).toString('base64'),
          },
          payload: form.toString(),
        });
        assert.equal(replay.json().error, 'invalid_grant');
      } finally {
        await restarted.fastify.close();
      }
      assert.equal((await refresh(t, client, successor.refresh_token ?? '')).json().error, 'invalid_grant');
    });

    it('honours rotation_type STATIC and a leeway of 0', async () => {
      const staticApp = await createWebApp(t, { refreshToken: { rotation_type: 'STATIC', leeway: 30 } });
      const tokens = await userTokens(t, staticApp, login, 'openid offline_access');
      for (let i = 0; i < 3; i += 1) {
        const res = await refresh(t, staticApp, tokens.refresh_token ?? '');
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json<TokenBody>().refresh_token, tokens.refresh_token);
        t.clock.advance(60_000);
      }
      const strict = await createWebApp(t, { refreshToken: { rotation_type: 'ROTATE', leeway: 0 } });
      const strictTokens = await userTokens(t, strict, login, 'openid offline_access');
      const next = (await refresh(t, strict, strictTokens.refresh_token ?? '')).json<TokenBody>();
      t.clock.advance(1_000);
      assert.equal((await refresh(t, strict, strictTokens.refresh_token ?? '')).json().error, 'invalid_grant');
      assert.equal((await refresh(t, strict, next.refresh_token ?? '')).json().error, 'invalid_grant');
    });

    it('narrows scopes on request but never widens them', async () => {
      const tokens = await userTokens(t, client, login, 'openid offline_access okta.users.read');
      const narrow = await refresh(t, client, tokens.refresh_token ?? '', { scope: 'okta.users.read' });
      assert.equal(narrow.statusCode, 200, narrow.body);
      assert.equal(narrow.json<TokenBody>().scope, 'okta.users.read');
      assert.equal(narrow.json<TokenBody>().id_token, undefined);
      // The successor keeps the original grant: the full scope can still be asked for.
      const full = await refresh(t, client, narrow.json<TokenBody>().refresh_token ?? '');
      assert.equal(full.json<TokenBody>().scope, 'openid offline_access okta.users.read');
      const wider = await refresh(t, client, full.json<TokenBody>().refresh_token ?? '', { scope: 'openid okta.users.manage' });
      assert.equal(wider.statusCode, 400);
      assert.deepEqual(wider.json(), {
        error: 'access_denied',
        error_description: 'Some of the scopes requested for the refresh request were not granted in the original authorize request.',
      });
    });

    it('refuses a refresh token presented by another client, or with a malformed value', async () => {
      const tokens = await userTokens(t, client, login, 'offline_access');
      const other = await createWebApp(t);
      assert.equal((await refresh(t, other, tokens.refresh_token ?? '')).json().error, 'invalid_grant');
      assert.equal((await refresh(t, client, 'not-a-token')).json().error, 'invalid_grant');
      assert.equal((await refresh(t, client, tokens.refresh_token ?? '')).statusCode, 200);
    });

    it('introspects and revokes a refresh token (RFC 7662, RFC 7009) for its own client only', async () => {
      const tokens = await userTokens(t, client, login, 'openid offline_access');
      const other = await createWebApp(t);
      const active = (await tokenRequestAt(t, '/oauth2/v1/introspect', client, { token: tokens.refresh_token ?? '' })).json<Record<string, unknown>>();
      assert.equal(active['active'], true);
      assert.equal(active['username'], login);
      assert.equal(active['scope'], 'openid offline_access');
      assert.deepEqual((await tokenRequestAt(t, '/oauth2/v1/introspect', other, { token: tokens.refresh_token ?? '' })).json(), { active: false });
      // Another client's revocation changes nothing.
      assert.equal((await tokenRequestAt(t, '/oauth2/v1/revoke', other, { token: tokens.refresh_token ?? '' })).statusCode, 200);
      const next = (await refresh(t, client, tokens.refresh_token ?? '')).json<TokenBody>();
      assert.equal(
        (await tokenRequestAt(t, '/oauth2/v1/revoke', client, { token: next.refresh_token ?? '', token_type_hint: 'refresh_token' })).statusCode,
        200,
      );
      assert.equal((await refresh(t, client, next.refresh_token ?? '')).json().error, 'invalid_grant');
      // The family is revoked: the in-leeway parent no longer yields anything either.
      assert.equal((await refresh(t, client, tokens.refresh_token ?? '')).json().error, 'invalid_grant');
      assert.deepEqual((await tokenRequestAt(t, '/oauth2/v1/introspect', client, { token: next.refresh_token ?? '' })).json(), { active: false });
    });

    it('revokes the refresh tokens of a user who is suspended or deactivated, for good', async () => {
      const suspended = await userWithRoles(t, 'sam@example.com', ['READ_ONLY_ADMIN']);
      const tokens = await userTokens(t, client, 'sam@example.com', 'offline_access okta.users.read');
      assert.equal((await t.request('POST', `/api/v1/users/${suspended.user.id}/lifecycle/suspend`)).statusCode, 200);
      assert.equal((await refresh(t, client, tokens.refresh_token ?? '')).json().error, 'invalid_grant');
      assert.equal((await t.request('POST', `/api/v1/users/${suspended.user.id}/lifecycle/unsuspend`)).statusCode, 200);
      assert.equal((await refresh(t, client, tokens.refresh_token ?? '')).json().error, 'invalid_grant');

      const leaver = await userWithRoles(t, 'leo@example.com', ['READ_ONLY_ADMIN']);
      const leaverTokens = await userTokens(t, client, 'leo@example.com', 'offline_access okta.users.read');
      assert.equal((await t.request('POST', `/api/v1/users/${leaver.user.id}/lifecycle/deactivate`)).statusCode, 200);
      assert.equal((await refresh(t, client, leaverTokens.refresh_token ?? '')).json().error, 'invalid_grant');
    });

    // Last: it moves the clock by months (the admin's API token idles out).
    it('expires a family after 90 days, whatever the rotations, and applies a per-app idle window', async () => {
      const tokens = await userTokens(t, client, login, 'offline_access');
      let current = tokens.refresh_token ?? '';
      for (let day = 0; day < 3; day += 1) {
        t.clock.advance(29 * 86_400_000);
        const res = await refresh(t, client, current);
        assert.equal(res.statusCode, 200, res.body);
        current = res.json<TokenBody>().refresh_token ?? '';
      }
      t.clock.advance(4 * 86_400_000);
      assert.equal((await refresh(t, client, current)).json().error, 'invalid_grant');

      const idle = await createWebApp(t, { refreshToken: { rotation_type: 'STATIC', leeway: 30, idle_minutes: 60 } });
      const idleTokens = await userTokens(t, idle, login, 'offline_access');
      t.clock.advance(50 * 60_000);
      assert.equal((await refresh(t, idle, idleTokens.refresh_token ?? '')).statusCode, 200);
      t.clock.advance(50 * 60_000);
      assert.equal((await refresh(t, idle, idleTokens.refresh_token ?? '')).statusCode, 200);
      t.clock.advance(61 * 60_000);
      assert.equal((await refresh(t, idle, idleTokens.refresh_token ?? '')).json().error, 'invalid_grant');
    });
  });
}
