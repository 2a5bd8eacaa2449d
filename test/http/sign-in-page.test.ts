import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { PASSWORD, WRONG, createUser, signInConfig, statusOf } from './sign-in.fixtures.js';
import { REDIRECT_URI, authorizeUrl, createWebApp, newPkce } from '../oauth/user-context-fixtures.js';

const AUTHORIZE = '/oauth2/v1/authorize?client_id=0oaclient&response_type=code&state=s%201&redirect_uri=https%3A%2F%2Fapp.example%2Fcb';

/** A browser's cookie jar, just enough for one origin. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly baseUrl: string) {}

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async fetch(path: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.header() };
    let body: string | undefined;
    if (init.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(this.baseUrl + path, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (pair === undefined || eq < 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/Max-Age=0/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** GETs the form and returns its hidden CSRF token. */
  async openForm(fromURI?: string): Promise<{ res: Response; html: string; csrf: string }> {
    const res = await this.fetch(fromURI === undefined ? '/login' : `/login?fromURI=${encodeURIComponent(fromURI)}`);
    const html = await res.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(csrf, 'the form carries a CSRF token');
    return { res, html, csrf };
  }

  async signIn(username: string, password: string, fromURI?: string): Promise<Response> {
    const { csrf } = await this.openForm(fromURI);
    return this.fetch('/login', { method: 'POST', form: { csrf, username, password, ...(fromURI === undefined ? {} : { fromURI }) } });
  }
}

for (const kind of await storeKinds()) {
  describe(`hosted sign-in page (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { listen: true, config: signInConfig() });
      await createUser(t, 'ada@example.com');
    });
    after(() => t.close());

    it('GET /login serves the form with its security headers and a pre-session cookie', async () => {
      const browser = new Browser(t.baseUrl);
      const { res, html } = await browser.openForm(AUTHORIZE);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
      assert.doesNotMatch(res.headers.get('content-security-policy') ?? '', /script-src|unsafe-inline/);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.getSetCookie().join('\n'), /^tessera_login=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/login; HttpOnly; SameSite=Lax$/m);
      assert.ok(html.includes('<form method="post" action="/login">'));
      assert.ok(html.includes(`name="fromURI" value="${AUTHORIZE.replace(/&/g, '&amp;')}"`));
      assert.doesNotMatch(html, /<script/i);
    });

    it('refuses a form without its CSRF token, or with a token of another browser, with 403 and no session', async () => {
      const browser = new Browser(t.baseUrl);
      await browser.openForm();
      const missing = await browser.fetch('/login', { method: 'POST', form: { username: 'ada@example.com', password: PASSWORD } });
      assert.equal(missing.status, 403);
      assert.match(await missing.text(), /expired/);
      const other = new Browser(t.baseUrl);
      const { csrf } = await other.openForm();
      const foreign = await browser.fetch('/login', { method: 'POST', form: { csrf, username: 'ada@example.com', password: PASSWORD } });
      assert.equal(foreign.status, 403);
      const noCookie = new Browser(t.baseUrl);
      const bare = await noCookie.fetch('/login', { method: 'POST', form: { csrf, username: 'ada@example.com', password: PASSWORD } });
      assert.equal(bare.status, 403);
      assert.ok(!browser.cookies.has('sid') && !noCookie.cookies.has('sid'));
    });

    it('a CSRF token expires after an hour', async () => {
      const browser = new Browser(t.baseUrl);
      const { csrf } = await browser.openForm();
      t.clock.advance(3_600_001);
      const res = await browser.fetch('/login', { method: 'POST', form: { csrf, username: 'ada@example.com', password: PASSWORD } });
      assert.equal(res.status, 403);
    });

    it('a wrong password shows an error, keeps the username (escaped), and sets no session', async () => {
      const browser = new Browser(t.baseUrl);
      const res = await browser.signIn('ada@example.com', WRONG, AUTHORIZE);
      assert.equal(res.status, 401);
      const html = await res.text();
      assert.match(html, /Unable to sign in/);
      assert.ok(html.includes('value="ada@example.com"'));
      assert.ok(!browser.cookies.has('sid'));
      const xss = await browser.signIn('"><script>alert(1)</script>', WRONG, '"><script>alert(2)</script>');
      const page = await xss.text();
      assert.doesNotMatch(page, /<script/i);
      assert.ok(page.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    });

    it('signs in: 303 back to the authorization request, with the sid cookie (HttpOnly, SameSite=Lax, Path=/)', async () => {
      const browser = new Browser(t.baseUrl);
      const res = await browser.signIn('ada@example.com', PASSWORD, AUTHORIZE);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), AUTHORIZE);
      const sid = res.headers.getSetCookie().find((c) => c.startsWith('sid='));
      assert.match(sid ?? '', /^sid=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
      const me = await browser.fetch('/api/v1/sessions/me');
      assert.equal(me.status, 200);
      assert.equal(((await me.json()) as { login: string }).login, 'ada@example.com');
      assert.ok(!browser.cookies.has('tessera_login'), 'the pre-session cookie is cleared');
    });

    it('never redirects elsewhere: other paths, absolute and protocol-relative URLs land on /login/done', async () => {
      for (const fromURI of [
        'https://evil.example/oauth2/v1/authorize',
        '//evil.example/oauth2/v1/authorize',
        '/\\evil.example',
        '/oauth2/v1/authorizeX',
        '/api/v1/users',
        'javascript:alert(1)',
      ]) {
        const browser = new Browser(t.baseUrl);
        const res = await browser.signIn('ada@example.com', PASSWORD, fromURI);
        assert.equal(res.status, 303, fromURI);
        assert.equal(res.headers.get('location'), '/login/done', fromURI);
      }
      const browser = new Browser(t.baseUrl);
      await browser.signIn('ada@example.com', PASSWORD, 'https://evil.example');
      const done = await browser.fetch('/login/done');
      assert.equal(done.status, 200);
      assert.match(await done.text(), /You are signed in as ada@example\.com/);
    });

    it('drives the browser flow: /authorize without a session → the form → back to /authorize → the code at the app', async () => {
      const client = await createWebApp(t);
      const pkce = newPkce();
      const start = authorizeUrl(client, { scope: 'openid', nonce: 'n-1', state: 'st-browser', code_challenge: pkce.challenge, code_challenge_method: 'S256' });
      const browser = new Browser(t.baseUrl);
      const toLogin = await browser.fetch(start);
      assert.equal(toLogin.status, 302);
      const loginUrl = new URL(toLogin.headers.get('location') ?? '');
      assert.equal(loginUrl.pathname, '/login');
      const fromURI = loginUrl.searchParams.get('fromURI') ?? '';
      const signedIn = await browser.signIn('ada@example.com', PASSWORD, fromURI);
      assert.equal(signedIn.status, 303);
      assert.equal(signedIn.headers.get('location'), fromURI);
      const back = await browser.fetch(fromURI);
      assert.equal(back.status, 302);
      const callback = new URL(back.headers.get('location') ?? '');
      assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT_URI);
      assert.equal(callback.searchParams.get('state'), 'st-browser');
      assert.ok(callback.searchParams.get('code'));
    });

    it('the lockout applies: after 3 failures the right password is refused too', async () => {
      const id = await createUser(t, 'pat@example.com');
      const browser = new Browser(t.baseUrl);
      for (let i = 0; i < 3; i++) assert.equal((await browser.signIn('pat@example.com', WRONG)).status, 401);
      assert.equal(await statusOf(t, id), 'LOCKED_OUT');
      const res = await browser.signIn('pat@example.com', PASSWORD);
      assert.equal(res.status, 401);
      assert.match(await res.text(), /Unable to sign in/);
      assert.ok(!browser.cookies.has('sid'));
    });
  });
}

describe('hosted sign-in page behind https', () => {
  it('marks its cookies Secure', async () => {
    const t = await startTestApp('sqlite', { config: { ...signInConfig(), orgUrl: 'https://id.example.com' } });
    try {
      await createUser(t, 'sec@example.com');
      const form = await t.request('GET', '/login', { token: null });
      const preSession = String(form.headers['set-cookie']);
      assert.match(preSession, /; Path=\/login; HttpOnly; Secure; SameSite=Lax$/);
      const cookie = preSession.split(';')[0] ?? '';
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
      const res = await t.request('POST', '/login', {
        token: null,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, username: 'sec@example.com', password: PASSWORD }).toString(),
      });
      assert.equal(res.statusCode, 303, res.body);
      const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
      assert.match(cookies.find((c) => c.startsWith('sid=')) ?? '', /; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await t.close();
    }
  });
});
