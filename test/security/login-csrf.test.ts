/**
 * Login CSRF through the authorization endpoint. The attacker signs in to their own account
 * (POST /api/v1/authn gives them a sessionToken) and gets a victim, who is signed in as
 * themselves, to open /oauth2/v1/authorize?…&sessionToken=<the attacker's> (a link, an image, a
 * form). The victim's browser must not be switched to the attacker's account: the request is
 * answered `login_required` at the client's redirect URI, no session or code is made for the
 * attacker, and the victim's session goes on. A sessionToken of the browser's own user still
 * signs in afresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, userWithRoles, type TestApp } from '../helpers/test-app.js';
import { OAUTH_TEST_CONFIG } from '../oauth/oauth-fixtures.js';
import {
  REDIRECT_URI,
  authorizeUrl,
  createWebApp,
  getAuthorize,
  newPkce,
  redirectParams,
  sessionCookie,
  sessionTokenFor,
  type WebApp,
} from '../oauth/user-context-fixtures.js';

const VICTIM = 'victim@example.com';
const ATTACKER = 'attacker@example.com';

for (const kind of await storeKinds()) {
  describe(`login CSRF with a sessionToken on /authorize (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    let attackerId: string;
    before(async () => {
      t = await startTestApp(kind, { config: OAUTH_TEST_CONFIG });
      client = await createWebApp(t);
      await userWithRoles(t, VICTIM, []);
      attackerId = (await userWithRoles(t, ATTACKER, [])).user.id;
    });
    after(() => t.close());

    /** The victim's browser: signed in as the victim; its `sid=…` Cookie header. */
    async function victimBrowser(): Promise<string> {
      const res = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken: await sessionTokenFor(t, VICTIM) }));
      assert.ok(redirectParams(res).get('code'));
      return sessionCookie(res);
    }

    async function whoIs(cookie: string): Promise<string | undefined> {
      const me = await t.request('GET', '/api/v1/sessions/me', { token: null, headers: { cookie } });
      return me.statusCode === 200 ? me.json<{ login: string }>().login : undefined;
    }

    async function attackerRows(): Promise<{ sessions: number; codes: number }> {
      const sessions = await t.database.db.selectFrom('sessions').select('id').where('user_id', '=', attackerId).execute();
      const codes = await t.database.db.selectFrom('authorization_codes').select('digest').where('user_id', '=', attackerId).execute();
      return { sessions: sessions.length, codes: codes.length };
    }

    function assertRefused(res: LightMyRequestResponse, state: string): void {
      const params = redirectParams(res);
      assert.equal(String(res.headers['location']).split('?')[0], REDIRECT_URI, 'the error goes to the registered redirect URI');
      assert.equal(params.get('error'), 'login_required');
      assert.equal(params.get('state'), state);
      assert.equal(params.get('iss'), t.config.orgUrl);
      assert.equal(params.get('code'), null);
      assert.equal(res.headers['set-cookie'], undefined, 'the browser keeps its cookie');
    }

    it('a cross-site GET with the attacker’s sessionToken does not swap the victim’s session', async () => {
      const victim = await victimBrowser();
      const planted = await sessionTokenFor(t, ATTACKER);
      const pkce = newPkce();
      const res = await getAuthorize(
        t,
        authorizeUrl(client, { scope: 'openid', state: 'csrf-1', code_challenge: pkce.challenge, code_challenge_method: 'S256', sessionToken: planted }),
        victim,
      );
      assertRefused(res, 'csrf-1');
      assert.equal(await whoIs(victim), VICTIM, 'the victim is still signed in as themselves');
      assert.deepEqual(await attackerRows(), { sessions: 0, codes: 0 }, 'nothing was made for the attacker');
      // The planted token is spent: it signs nobody in later either (the sign-in page is shown).
      const later = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken: planted }));
      assert.equal(new URL(String(later.headers['location'])).pathname, '/login');
      assert.deepEqual(await attackerRows(), { sessions: 0, codes: 0 });
    });

    it('prompt=login, prompt=none, a form post and form_post responses are refused the same way', async () => {
      const victim = await victimBrowser();
      for (const extra of [{ prompt: 'login' }, { prompt: 'none' }, { response_mode: 'query' }] as const) {
        const res = await getAuthorize(
          t,
          authorizeUrl(client, { scope: 'openid', state: 'csrf-2', sessionToken: await sessionTokenFor(t, ATTACKER), ...extra }),
          victim,
        );
        assertRefused(res, 'csrf-2');
      }
      const form = new URLSearchParams({
        client_id: client.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
        scope: 'openid',
        state: 'csrf-3',
        sessionToken: await sessionTokenFor(t, ATTACKER),
      });
      const posted = await t.app.fastify.inject({
        method: 'POST',
        url: '/oauth2/v1/authorize',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: victim },
        payload: form.toString(),
      });
      assertRefused(posted, 'csrf-3');
      const formPost = await getAuthorize(
        t,
        authorizeUrl(client, { scope: 'openid', state: 'csrf-4', response_mode: 'form_post', sessionToken: await sessionTokenFor(t, ATTACKER) }),
        victim,
      );
      assert.equal(formPost.statusCode, 200);
      assert.match(formPost.body, /name="error" value="login_required"/);
      assert.doesNotMatch(formPost.body, /name="code"/);
      assert.equal(formPost.headers['set-cookie'], undefined);
      assert.equal(await whoIs(victim), VICTIM);
      assert.deepEqual(await attackerRows(), { sessions: 0, codes: 0 });
    });

    it('the victim’s own sessionToken signs in afresh; after signing out, another user may sign in', async () => {
      const victim = await victimBrowser();
      const again = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken: await sessionTokenFor(t, VICTIM) }), victim);
      assert.ok(redirectParams(again).get('code'));
      assert.equal(await whoIs(sessionCookie(again)), VICTIM);

      const signedOut = await t.request('DELETE', '/api/v1/sessions/me', { token: null, headers: { cookie: victim } });
      assert.equal(signedOut.statusCode, 204);
      const other = await getAuthorize(t, authorizeUrl(client, { scope: 'openid', sessionToken: await sessionTokenFor(t, ATTACKER) }), victim);
      assert.ok(redirectParams(other).get('code'), 'a browser without a live session takes any sessionToken');
      assert.equal(await whoIs(sessionCookie(other)), ATTACKER);
    });
  });
}
