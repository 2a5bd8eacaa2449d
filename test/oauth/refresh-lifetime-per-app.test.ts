/**
 * Per-app refresh-token lifetime and idle window (issue #4: "lifetime 90 days with no idle window
 * by default, configurable per app"): `settings.oauthClient.refresh_token.lifetime_minutes` and
 * `idle_minutes` are validated and echoed by the Apps API, and the refresh_token grant honours
 * them for an app created through it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { causesOf, webAppBody, type AppJson } from '../http/apps.fixtures.js';
import { OAUTH_TEST_CONFIG } from './oauth-fixtures.js';
import { refresh, userTokens, type TokenBody, type WebApp } from './user-context-fixtures.js';

const MINUTE = 60_000;

interface OauthClientSettings {
  settings: { oauthClient: Record<string, unknown> };
}

function bodyWith(refreshToken: Record<string, unknown>): Record<string, unknown> & OauthClientSettings {
  const body = webAppBody('Refresh lifetime app') as Record<string, unknown> & OauthClientSettings;
  body.settings.oauthClient['refresh_token'] = refreshToken;
  return body;
}

async function errorOf(res: Awaited<ReturnType<typeof refresh>>): Promise<string> {
  return res.json<{ error?: string }>().error ?? `status ${res.statusCode}`;
}

for (const kind of await storeKinds()) {
  describe(`per-app refresh-token lifetime (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    const login = 'lena@example.com';
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      await userWithRoles(t, login, ['READ_ONLY_ADMIN']);
    });
    after(() => t.close());

    it('refuses a lifetime or idle window that is not a whole number of minutes within bounds, and writes nothing', async () => {
      const res = await t.request('POST', '/api/v1/apps', {
        body: bodyWith({ rotation_type: 'ROTATE', leeway: 30, lifetime_minutes: 0, idle_minutes: 1.5 }),
      });
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(causesOf(res), [
        'settings.oauthClient.refresh_token.lifetime_minutes: must be a whole number of minutes from 1 to 2628000',
        'settings.oauthClient.refresh_token.idle_minutes: must be a whole number of minutes from 1 to 129600',
      ]);
      const longIdle = await t.request('POST', '/api/v1/apps', {
        body: bodyWith({ rotation_type: 'ROTATE', leeway: 30, lifetime_minutes: 120, idle_minutes: 121 }),
      });
      assert.deepEqual(causesOf(longIdle), ['settings.oauthClient.refresh_token.idle_minutes: must be a whole number of minutes from 1 to 120']);
      const list = await t.request('GET', '/api/v1/apps');
      assert.deepEqual(list.json(), []);
    });

    it('echoes the settings and ends a family at its lifetime and after its idle window', async () => {
      const res = await t.request('POST', '/api/v1/apps', {
        body: bodyWith({ rotation_type: 'ROTATE', leeway: 30, lifetime_minutes: 120, idle_minutes: 60 }),
      });
      assert.equal(res.statusCode, 200, res.body);
      const created = res.json<AppJson>();
      assert.deepEqual(created.settings.oauthClient.refresh_token, { rotation_type: 'ROTATE', leeway: 30, lifetime_minutes: 120, idle_minutes: 60 });
      const read = await t.request('GET', `/api/v1/apps/${created.id}`);
      assert.deepEqual(read.json<AppJson>().settings.oauthClient.refresh_token, created.settings.oauthClient.refresh_token);
      const record = await t.store.apps.get(created.id);
      assert.ok(record !== undefined);
      client = { app: record, clientId: created.id, secret: created.credentials.oauthClient.client_secret };

      // Lifetime: used every 50 minutes (inside the idle window), the family still ends at 120.
      let tokens = await userTokens(t, client, login, 'offline_access');
      for (let step = 0; step < 2; step += 1) {
        t.clock.advance(50 * MINUTE);
        const next = await refresh(t, client, tokens.refresh_token ?? '');
        assert.equal(next.statusCode, 200, next.body);
        tokens = next.json<TokenBody>();
      }
      t.clock.advance(21 * MINUTE);
      assert.equal(await errorOf(await refresh(t, client, tokens.refresh_token ?? '')), 'invalid_grant');

      // Idle window: unused for more than 60 minutes, a token ends well before the lifetime.
      const idle = await userTokens(t, client, login, 'offline_access');
      t.clock.advance(61 * MINUTE);
      assert.equal(await errorOf(await refresh(t, client, idle.refresh_token ?? '')), 'invalid_grant');
    });
  });
}
