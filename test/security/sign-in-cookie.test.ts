/**
 * A sign-in answers with exactly one `Set-Cookie: sid` (RFC 6265 §4.1.1: a server SHOULD NOT
 * send two Set-Cookie headers for the same cookie name, domain and path in one response), with
 * the attributes the session needs: HttpOnly (no script reads it), SameSite=Lax (no cross-site
 * POST carries it), Path=/, and Secure behind https. Checked over real HTTP, as a browser and a
 * proxy see the headers, on the hosted sign-in page and on /authorize with a sessionToken.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { PASSWORD, createUser, signInConfig } from '../http/sign-in.fixtures.js';
import { authorizeUrl, createWebApp, sessionTokenFor, type WebApp } from '../oauth/user-context-fixtures.js';

interface SetCookie {
  readonly name: string;
  readonly value: string;
  /** Attribute names and values as sent (`Path=/`, `HttpOnly`), in order. */
  readonly attributes: readonly string[];
}

function parseSetCookies(headers: readonly string[]): SetCookie[] {
  return headers.map((header) => {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

/** The `sid` cookies a response sets; the test wants exactly one. */
function sidCookies(res: Response): SetCookie[] {
  return parseSetCookies(res.headers.getSetCookie()).filter((c) => c.name === 'sid');
}

function assertSessionCookie(cookie: SetCookie | undefined, secure: boolean): string {
  assert.ok(cookie !== undefined, 'a sid cookie is set');
  assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/);
  const expected = ['Path=/', 'HttpOnly', ...(secure ? ['Secure'] : []), 'SameSite=Lax'];
  assert.deepEqual([...cookie.attributes].sort(), [...expected].sort(), 'HttpOnly, SameSite=Lax, Path=/ (Secure behind https), and no Domain or lifetime');
  return cookie.value;
}

for (const kind of await storeKinds()) {
  describe(`one Set-Cookie: sid per sign-in (${kind})`, () => {
    let t: TestApp;
    let client: WebApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, config: signInConfig() });
      await createUser(t, 'ada@example.com');
      await createUser(t, 'bob@example.com');
      client = await createWebApp(t);
    });
    after(() => t.close());

    /** GET /login then POST it, carrying `cookie` (plus the form's pre-session cookie). */
    async function postLogin(username: string, cookie = ''): Promise<Response> {
      const form = await fetch(`${t.baseUrl}/login`, { headers: cookie === '' ? {} : { cookie } });
      const html = await form.text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const preSession = parseSetCookies(form.headers.getSetCookie()).find((c) => c.name === 'tessera_login');
      assert.ok(preSession !== undefined, 'the form sets its pre-session cookie');
      return fetch(`${t.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [cookie, `tessera_login=${preSession.value}`].filter((c) => c !== '').join('; '),
        },
        body: new URLSearchParams({ csrf, username, password: PASSWORD }).toString(),
      });
    }

    async function whoIs(sid: string): Promise<string | undefined> {
      const me = await fetch(`${t.baseUrl}/api/v1/sessions/me`, { headers: { cookie: `sid=${sid}` } });
      return me.status === 200 ? ((await me.json()) as { login: string }).login : undefined;
    }

    it('POST /login sets sid once, clears the pre-session cookie once, and the session works', async () => {
      const res = await postLogin('ada@example.com');
      assert.equal(res.status, 303);
      const sids = sidCookies(res);
      assert.equal(sids.length, 1, `exactly one Set-Cookie: sid, got ${JSON.stringify(res.headers.getSetCookie())}`);
      const sid = assertSessionCookie(sids[0], false);
      const cleared = parseSetCookies(res.headers.getSetCookie()).filter((c) => c.name === 'tessera_login');
      assert.equal(cleared.length, 1);
      assert.ok(cleared[0]?.attributes.includes('Max-Age=0') && cleared[0].attributes.includes('Path=/login'));
      assert.equal(res.headers.getSetCookie().length, 2, 'nothing else is set');
      assert.equal(await whoIs(sid), 'ada@example.com');
    });

    it('a browser that already holds a sid (another user’s, and a forged one) still gets one sid, the new one', async () => {
      const first = assertSessionCookie(sidCookies(await postLogin('ada@example.com'))[0], false);
      const res = await postLogin('bob@example.com', `sid=${first}; sid=forged-${'x'.repeat(36)}`);
      assert.equal(res.status, 303);
      const sids = sidCookies(res);
      assert.equal(sids.length, 1, JSON.stringify(res.headers.getSetCookie()));
      const second = assertSessionCookie(sids[0], false);
      assert.notEqual(second, first);
      assert.equal(await whoIs(second), 'bob@example.com');
      assert.equal(await whoIs(first), undefined, 'the session the browser held before has ended');
    });

    it('GET /oauth2/v1/authorize with a sessionToken sets sid once', async () => {
      const sessionToken = await sessionTokenFor(t, 'ada@example.com', PASSWORD);
      const res = await fetch(t.baseUrl + authorizeUrl(client, { scope: 'openid', sessionToken }), { redirect: 'manual' });
      assert.equal(res.status, 302);
      assert.ok(new URL(res.headers.get('location') ?? '').searchParams.get('code'));
      const sids = sidCookies(res);
      assert.equal(sids.length, 1, JSON.stringify(res.headers.getSetCookie()));
      assert.equal(await whoIs(assertSessionCookie(sids[0], false)), 'ada@example.com');
    });
  });

  describe(`one Set-Cookie: sid per sign-in behind https (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, config: { ...signInConfig(), orgUrl: 'https://id.example.com' } });
      await createUser(t, 'sec@example.com');
    });
    after(() => t.close());

    it('POST /login sets one sid, marked Secure', async () => {
      const form = await fetch(`${t.baseUrl}/login`);
      const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const preSession = parseSetCookies(form.headers.getSetCookie()).find((c) => c.name === 'tessera_login');
      assert.ok(preSession !== undefined && preSession.attributes.includes('Secure'), 'the pre-session cookie is Secure too');
      const res = await fetch(`${t.baseUrl}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tessera_login=${preSession.value}` },
        body: new URLSearchParams({ csrf, username: 'sec@example.com', password: PASSWORD }).toString(),
      });
      assert.equal(res.status, 303);
      const sids = sidCookies(res);
      assert.equal(sids.length, 1, JSON.stringify(res.headers.getSetCookie()));
      assertSessionCookie(sids[0], true);
    });
  });
}
