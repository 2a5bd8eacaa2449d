/**
 * An attacker spreads requests over spellings of one path and over made-up `Authorization`
 * headers to get more than one allowance. Over a real socket (the request target sent as is):
 * every limited family, reached through a percent-encoded or slash-doubled path, is counted in
 * the bucket the plain path is and answers 429 exactly where the plain path does; the endpoints
 * that take no API credential count per client address whatever header comes with them; a path
 * that matches no route counts in the default bucket by its decoded form.
 */
import { textOf } from '../../src/store/records.js';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEFAULT_RATE_LIMITS, type RateLimitConfig, type RateLimitFamily } from '../../src/config/config.js';
import { storeKinds } from '../helpers/databases.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const WINDOW_MS = 60_000;

/** A different bucket size per family, so that `X-Rate-Limit-Limit` names the family that counted. */
const BUCKETS: Record<RateLimitFamily, number> = { users: 2, groups: 4, apps: 6, apiTokens: 8, logs: 10, authn: 12, oauth: 14, default: 16, roles: 18 };
const LIMITS: RateLimitConfig = { perMinute: { ...DEFAULT_RATE_LIMITS, ...BUCKETS }, perCredentialShare: 0.5, windowMs: WINDOW_MS };
/** What one caller (a credential or an address) may use of its family's bucket. */
const share = (family: RateLimitFamily): number => BUCKETS[family] / 2;

interface Endpoint {
  readonly family: RateLimitFamily;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: string;
  /** Takes no API credential: counted per client address. */
  readonly anonymous: boolean;
  readonly form?: string;
  readonly json?: string;
}

// Cheap requests (refused before any password hashing or signing): the limit comes first anyway.
const ENDPOINTS: readonly Endpoint[] = [
  { family: 'users', method: 'GET', path: '/api/v1/users', anonymous: false },
  { family: 'users', method: 'GET', path: '/api/v1/users/me', anonymous: false },
  { family: 'groups', method: 'GET', path: '/api/v1/groups', anonymous: false },
  { family: 'apps', method: 'GET', path: '/api/v1/apps', anonymous: false },
  { family: 'apiTokens', method: 'GET', path: '/api/v1/api-tokens', anonymous: false },
  { family: 'logs', method: 'GET', path: '/api/v1/logs', query: '?limit=1', anonymous: false },
  { family: 'default', method: 'GET', path: '/api/v1/sessions/no-such-session', anonymous: false },
  { family: 'oauth', method: 'GET', path: '/oauth2/v1/clients', anonymous: false },
  { family: 'authn', method: 'POST', path: '/api/v1/authn', json: '{}', anonymous: true },
  { family: 'authn', method: 'POST', path: '/api/v1/authn/cancel', json: '{}', anonymous: true },
  { family: 'authn', method: 'POST', path: '/login', form: 'username=a&password=b', anonymous: true },
  { family: 'oauth', method: 'POST', path: '/oauth2/v1/token', form: 'grant_type=client_credentials&client_id=nope', anonymous: true },
  { family: 'oauth', method: 'GET', path: '/oauth2/v1/authorize', query: '?client_id=nope', anonymous: true },
  { family: 'oauth', method: 'POST', path: '/oauth2/v1/introspect', form: 'token=x', anonymous: true },
  { family: 'oauth', method: 'POST', path: '/oauth2/v1/revoke', form: 'token=x', anonymous: true },
  { family: 'oauth', method: 'GET', path: '/oauth2/v1/userinfo', anonymous: true },
  { family: 'default', method: 'GET', path: '/api/v1/sessions/me', anonymous: true },
];

const hex = (c: string): string => '%' + c.charCodeAt(0).toString(16).padStart(2, '0');

/** The same path as a client may spell it: one segment's first letter percent-encoded, every letter encoded (upper-case hex), slashes doubled. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const out = segments.map((_, i) => '/' + segments.map((s, j) => (j === i ? hex(s.charAt(0)) + s.slice(1) : s)).join('/'));
  out.push([...path].map((c) => (c === '/' ? c : hex(c).toUpperCase())).join(''));
  out.push(path.replaceAll('/', '//'));
  return out;
}

const randomValue = (): string => randomBytes(12).toString('base64url');

for (const kind of await storeKinds()) {
  describe(`rate limits classify the routed path (${kind})`, () => {
    let t: TestApp;

    before(async () => {
      t = await startTestApp(kind, { listen: true, config: { rateLimit: LIMITS } });
    });
    after(() => t.close());

    // Every test starts at the beginning of a fresh window.
    const freshWindow = (): void => {
      const now = t.clock.now();
      t.clock.set(now - (now % WINDOW_MS) + WINDOW_MS);
    };
    beforeEach(freshWindow);

    /** The endpoint's request at `path`; the admin's API token unless the endpoint is anonymous or `authorization` says otherwise. */
    function send(endpoint: Endpoint, path: string, authorization?: string): Promise<RawResponse> {
      const headers: Record<string, string> = {};
      const credential = authorization ?? (endpoint.anonymous ? undefined : `SSWS ${t.admin.token}`);
      if (credential !== undefined) headers['authorization'] = credential;
      if (endpoint.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      if (endpoint.json !== undefined) headers['content-type'] = 'application/json';
      return rawRequest(t.baseUrl, {
        method: endpoint.method,
        path: path + (endpoint.query ?? ''),
        headers,
        ...(endpoint.form !== undefined || endpoint.json !== undefined ? { body: endpoint.form ?? endpoint.json } : {}),
      });
    }

    const admitted = (res: RawResponse, what: string): void => {
      assert.notEqual(res.status, 429, `${what} was refused too early`);
    };

    /** The status and the error summary: a spelling reaches the endpoint the plain path does. */
    const answer = (res: RawResponse): string => {
      let summary = '';
      try {
        summary = textOf((JSON.parse(res.body) as { errorSummary?: unknown; error?: unknown }).errorSummary);
      } catch {
        // An HTML page (the sign-in form): the status says enough.
      }
      return `${res.status} ${summary}`;
    };

    for (const endpoint of ENDPOINTS) {
      const limit = share(endpoint.family);
      it(`${endpoint.method} ${endpoint.path}: every spelling is counted in the ${endpoint.family} bucket and refused where the plain path is`, async () => {
        // Where the plain path is refused: after the caller's share.
        let plain = '';
        for (let i = 0; i < limit; i++) {
          const res = await send(endpoint, endpoint.path);
          admitted(res, `${endpoint.path} #${i + 1}`);
          plain = answer(res);
        }
        assert.equal((await send(endpoint, endpoint.path)).status, 429, `${endpoint.path} beyond ${limit}`);

        for (const spelling of spellings(endpoint.path)) {
          freshWindow();
          for (let i = 0; i < limit - 1; i++) admitted(await send(endpoint, endpoint.path), `${endpoint.path} #${i + 1}`);
          const last = await send(endpoint, spelling);
          admitted(last, `${spelling} as request #${limit}`);
          assert.equal(answer(last), plain, `${spelling} reaches the endpoint ${endpoint.path} does`);
          assert.equal(last.headers['x-rate-limit-limit'], String(limit), `${spelling} is counted in the ${endpoint.family} bucket`);
          assert.equal(last.headers['x-rate-limit-remaining'], '0', `${spelling} shares the plain path's counter`);
          assert.equal((await send(endpoint, spelling)).status, 429, `${spelling} beyond ${limit}`);
          assert.equal((await send(endpoint, endpoint.path)).status, 429, `${endpoint.path} after ${spelling}`);
        }
      });
    }

    for (const endpoint of ENDPOINTS.filter((e) => e.anonymous)) {
      const limit = share(endpoint.family);
      it(`${endpoint.method} ${endpoint.path}: counted per client address whatever Authorization header comes with it`, async () => {
        const headers = [
          () => `Basic ${randomValue()}`,
          () => `SSWS ${randomValue()}`,
          () => `Bearer ${randomValue()}`,
          () => `DPoP ${randomValue()}`,
          () => randomValue(),
        ];
        for (let i = 0; i < limit; i++) {
          const header = headers[i % headers.length]?.() ?? '';
          admitted(await send(endpoint, endpoint.path, header), `request #${i + 1} with ${header.split(' ')[0] ?? ''}`);
        }
        assert.equal((await send(endpoint, endpoint.path, `Basic ${randomValue()}`)).status, 429, 'a fresh Basic header is no fresh allowance');
        assert.equal((await send(endpoint, endpoint.path, `SSWS ${t.admin.token}`)).status, 429, 'nor is a real API token');
        assert.equal((await send(endpoint, spellings(endpoint.path)[0] ?? '')).status, 429, 'nor another spelling');
        // Another client address has a share of its own (the bucket holds two).
        const other = await t.app.fastify.inject({
          method: endpoint.method,
          url: endpoint.path + (endpoint.query ?? ''),
          remoteAddress: '192.0.2.7',
          headers:
            endpoint.form !== undefined
              ? { 'content-type': 'application/x-www-form-urlencoded' }
              : endpoint.json !== undefined
                ? { 'content-type': 'application/json' }
                : {},
          ...(endpoint.form !== undefined || endpoint.json !== undefined ? { payload: endpoint.form ?? endpoint.json } : {}),
        });
        assert.notEqual(other.statusCode, 429, 'another address has a share of its own');
        assert.equal(other.headers['x-rate-limit-remaining'], String(limit - 1));
      });
    }

    it('counts a path that matches no route in the default bucket, by its decoded form', async () => {
      const nowhere: Endpoint = { family: 'default', method: 'POST', path: '/api/v1/no-such-thing', json: '{}', anonymous: false };
      // Decodes to a limited path but reaches no endpoint: not the authn bucket, not unlimited.
      const spelled = ['/%61pi/v1/no-such-thing', '/api/v1%2Fauthn', '//api/v1/no-such-thing', '/%6fauth2/v1/nothing'];
      const limit = share('default');
      for (let i = 0; i < limit; i++) {
        const res = await send(nowhere, spelled[i % spelled.length] ?? '', `Basic ${randomValue()}`);
        assert.equal(res.status, 404);
        assert.equal(res.headers['x-rate-limit-limit'], String(limit), `${spelled[i % spelled.length] ?? ''} is counted in the default bucket`);
      }
      assert.equal((await send(nowhere, '/%61pi/v1/no-such-thing', `Basic ${randomValue()}`)).status, 429);
      // The authn bucket is untouched.
      const authn = ENDPOINTS.find((e) => e.path === '/api/v1/authn');
      assert.ok(authn);
      assert.equal((await send(authn, authn.path)).headers['x-rate-limit-remaining'], String(share('authn') - 1));
    });
  });
}
