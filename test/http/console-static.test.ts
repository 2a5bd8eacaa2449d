/**
 * The admin console at /admin on SQLite and PostgreSQL, from a build laid out as Vite and our
 * build step leave it (index.html, hashed assets with .br and .gz siblings) in a temporary
 * directory: redirects to /admin/, the page for every console route (revalidated), assets cached
 * for good and precompressed as the browser accepts, a 404 for an unknown asset, the sign-in
 * settings in config.json, the security headers on every answer, no API rate limit, nothing
 * served outside the directory; and a server without a build that starts and says what to do.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { OKTA_SCOPES } from '../../src/auth/scopes.js';
import { ensureConsoleApp } from '../../src/console/console-app.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const ORG_URL = 'https://tessera.example.com';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const INDEX = '<!doctype html><html><head><script type="module" src="/admin/assets/index-Bq3xY7.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("the admin console");\n'.repeat(50);
const STYLE = 'body { margin: 0 }\n';

/** A build as `npm run build` leaves it. */
function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'assets', 'index-Bq3xY7.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'index-Bq3xY7.js.gz'), gzipSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'index-Bq3xY7.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'index-Dk2pQ9.css'), STYLE);
  return dir;
}

function get(t: TestApp, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return t.app.fastify.inject({ method: 'GET', url, headers });
}

function assertSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  assert.equal(res.headers['content-security-policy'], CSP, what);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
}

function assertPage(res: LightMyRequestResponse, what: string): void {
  assert.equal(res.statusCode, 200, `${what}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^text\/html/, what);
  assert.equal(res.headers['cache-control'], 'no-cache', what);
  assert.equal(res.body, INDEX, what);
  assertSecurityHeaders(res, what);
}

for (const kind of await storeKinds()) {
  describe(`the admin console at /admin (${kind})`, () => {
    let t: TestApp;
    let dir: string;
    let clientId: string;
    before(async () => {
      dir = fakeBuild();
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL, consoleDir: dir } });
      clientId = (await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: ORG_URL })).app.id;
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends / and /admin to /admin/ under the org URL', async () => {
      const root = await get(t, '/', { host: 'evil.example.net' });
      assert.equal(root.statusCode, 302);
      assert.equal(root.headers['location'], `${ORG_URL}/admin/`);
      const admin = await get(t, '/admin');
      assert.equal(admin.statusCode, 301);
      assert.equal(admin.headers['location'], `${ORG_URL}/admin/`);
      assertSecurityHeaders(admin, '/admin');
    });

    it('answers /admin/ and every console route that is no file with the page, revalidated on each load', async () => {
      for (const url of ['/admin/', '/admin/tokens/abc', '/admin/callback?code=c0de&state=s', '/admin/users/00u1/roles/', '/admin/index.html']) {
        assertPage(await get(t, url), url);
      }
      const head = await t.app.fastify.inject({ method: 'HEAD', url: '/admin/apps' });
      assert.equal(head.statusCode, 200);
      assert.equal(head.headers['cache-control'], 'no-cache');
    });

    it('serves a file at the root of the build as itself', async () => {
      const res = await get(t, '/admin/favicon.svg');
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^image\/svg\+xml/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assertSecurityHeaders(res, 'favicon');
    });

    it('serves an asset cached for a year, as is, or precompressed as br or gzip when the browser accepts it', async () => {
      const plain = await get(t, '/admin/assets/index-Bq3xY7.js');
      assert.equal(plain.statusCode, 200);
      assert.match(String(plain.headers['content-type']), /^(text|application)\/javascript/);
      assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body, SCRIPT);
      assertSecurityHeaders(plain, 'asset');
      assert.match(String(plain.headers['vary']), /accept-encoding/i);

      const br = await get(t, '/admin/assets/index-Bq3xY7.js', { 'accept-encoding': 'br, gzip' });
      assert.equal(br.statusCode, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.match(String(br.headers['content-type']), /^(text|application)\/javascript/);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.deepEqual(br.rawPayload, brotliCompressSync(SCRIPT));

      const gzip = await get(t, '/admin/assets/index-Bq3xY7.js', { 'accept-encoding': 'gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip');
      assert.deepEqual(gzip.rawPayload, gzipSync(SCRIPT));

      // No sibling for the stylesheet: the file itself, whatever is accepted.
      const css = await get(t, '/admin/assets/index-Dk2pQ9.css', { 'accept-encoding': 'br' });
      assert.equal(css.statusCode, 200);
      assert.equal(css.headers['content-encoding'], undefined);
      assert.match(String(css.headers['content-type']), /^text\/css/);
      assert.equal(css.body, STYLE);
    });

    it('answers an unknown asset with 404, never the page', async () => {
      for (const url of ['/admin/assets/index-0ld.js', '/admin/assets/', '/admin/assets', '/admin/%61ssets/index-0ld.js']) {
        const res = await get(t, url, { 'accept-encoding': 'br' });
        assert.equal(res.statusCode, 404, url);
        assert.notEqual(res.body, INDEX, url);
        assert.equal(res.headers['cache-control'], 'no-store', url);
        assertSecurityHeaders(res, url);
      }
    });

    it('serves nothing outside its directory', async () => {
      for (const url of [
        '/admin/../package.json',
        '/admin/..%2f..%2fpackage.json',
        '/admin/%2e%2e/%2e%2e/package.json',
        '/admin/assets/..%2f..%2f..%2fpackage.json',
        '/admin//..//package.json',
      ]) {
        const res = await get(t, url);
        assert.doesNotMatch(res.body, /"name": "tessera"|"devDependencies"/, url);
      }
    });

    it('config.json: the issuer, the console app as client id and its scopes, never cached', async () => {
      const res = await get(t, '/admin/config.json', { host: 'evil.example.net' });
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assertSecurityHeaders(res, 'config.json');
      assert.deepEqual(res.json(), { issuer: ORG_URL, clientId, scopes: ['openid', 'profile', 'email', 'offline_access', ...OKTA_SCOPES] });
    });

    it('takes no credential and counts against no API rate limit; /api/v1 answers as before', async () => {
      for (const url of ['/admin/', '/admin/assets/index-Bq3xY7.js', '/admin/config.json', '/admin/nowhere']) {
        const res = await get(t, url, { authorization: 'SSWS not-a-token' });
        assert.ok(res.statusCode < 500, url);
        assert.equal(res.headers['x-rate-limit-limit'], undefined, url);
      }
      const api = await t.request('GET', '/api/v1/users');
      assert.equal(api.statusCode, 200);
      assert.ok(api.headers['x-rate-limit-limit'] !== undefined);
      assert.equal(api.headers['content-security-policy'], undefined, 'the API keeps its own headers');
      const unknown = await t.request('GET', '/api/v1/nowhere');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json<{ errorCode: string }>().errorCode, 'E0000007');
    });

    it('refuses other methods with 404', async () => {
      for (const method of ['POST', 'PUT', 'DELETE'] as const) {
        const res = await t.app.fastify.inject({ method, url: '/admin/tokens' });
        assert.equal(res.statusCode, 404, method);
        assertSecurityHeaders(res, method);
      }
    });
  });

  describe(`the admin console, not built (${kind})`, () => {
    let t: TestApp;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tessera-console-empty-'));
      t = await startTestApp(kind, { config: { orgUrl: ORG_URL, consoleDir: join(dir, 'missing') } });
    });
    after(async () => {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the server starts; /admin/ and its routes say to run npm run build, with 503', async () => {
      for (const url of ['/admin/', '/admin/tokens/abc']) {
        const res = await get(t, url);
        assert.equal(res.statusCode, 503, url);
        assert.match(String(res.headers['content-type']), /^text\/plain/);
        assert.match(res.body, /npm run build/);
        assertSecurityHeaders(res, url);
      }
      assert.equal((await get(t, '/admin/assets/index-Bq3xY7.js')).statusCode, 404);
      assert.equal((await t.request('GET', '/api/v1/users')).statusCode, 200);
    });

    it('config.json without the console app answers 503 until a start makes it', async () => {
      const res = await get(t, '/admin/config.json');
      assert.equal(res.statusCode, 503);
      assert.equal(res.headers['cache-control'], 'no-store');
      await ensureConsoleApp({ store: t.store, clock: t.clock, events: t.app.services.events, orgUrl: ORG_URL });
      t.clock.advance(10_000);
      const later = await get(t, '/admin/config.json');
      assert.equal(later.statusCode, 200, later.body);
    });
  });
}
