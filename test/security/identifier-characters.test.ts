/**
 * Identifiers with hidden characters, tried as an attacker would over HTTP, on SQLite and
 * PostgreSQL: a login, email or secondEmail carrying a control character (an ANSI escape for the
 * operator's terminal, NUL to truncate a C reader), an invisible one (a zero-width space that
 * makes `ada\u200b@example.com` a second "ada@example.com") or a bidi override (text that reads
 * differently from what it is), or padded with whitespace, is refused with Okta's E0000001
 * naming the field, on create, partial update and replace; nothing is written. The same holds
 * for group names (the groups' unique key), app key ids and redirect URIs, and for the CLI's
 * `admin create`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore } from '../../src/store/create-store.js';
import { openTarget, tessera, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { rsaJwk, serviceAppBody, webAppBody } from '../http/apps.fixtures.js';

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** Hidden characters and where they sit in `ada@example.com`, with the code point the cause names. */
const HOSTILE_LOGINS: ReadonlyArray<readonly [string, string, string]> = [
  ['NUL', 'ada\u0000@example.com', 'U+0000'],
  ['an ANSI escape (clear screen)', 'ada\u001b[2J@example.com', 'U+001B'],
  ['a C1 CSI', 'ada\u009b31m@example.com', 'U+009B'],
  ['a line feed (log forging)', 'ada@example.com\nfake log line', 'U+000A'],
  ['a zero-width space', 'ada\u200b@example.com', 'U+200B'],
  ['a zero-width joiner', 'a\u200dda@example.com', 'U+200D'],
  ['a right-to-left override', 'ada@\u202emoc.elpmaxe', 'U+202E'],
  ['a first-strong isolate', 'ada\u2068@example.com', 'U+2068'],
  ['a byte order mark', '\ufeffada@example.com', 'U+FEFF'],
  ['a soft hyphen', 'ad\u00ada@example.com', 'U+00AD'],
  ['a Hangul filler', 'ada\u3164@example.com', 'U+3164'],
  ['a line separator', 'ada@example.com\u2028', 'U+2028'],
];

function assertRefusedField(res: { statusCode: number; body: string; json<T>(): T }, field: string, pattern: RegExp): void {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json<OktaError>();
  assert.equal(body.errorCode, 'E0000001');
  assert.equal(body.errorSummary, `Api validation failed: ${field}`);
  assert.equal(body.errorCauses.length, 1, res.body);
  assert.match(body.errorCauses[0]?.errorSummary ?? '', new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: ${pattern.source}`));
}

const person = (login: string, extra: Record<string, unknown> = {}) => ({ login, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', ...extra });

for (const kind of await storeKinds()) {
  describe(`identifiers refuse hidden characters (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    const userCount = async () =>
      (
        await t.database.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;

    for (const [what, login, codePoint] of HOSTILE_LOGINS) {
      it(`POST /api/v1/users refuses a login with ${what}, and writes nothing`, async () => {
        const before = Number(await userCount());
        const res = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person(login) } });
        assertRefusedField(res, 'login', new RegExp(`must not contain .*\\(${codePoint.replace('+', '\\+')}\\)$`));
        assert.equal(Number(await userCount()), before);
      });
    }

    it('refuses a login, email or secondEmail padded with whitespace (any Unicode space)', async () => {
      for (const login of [' ada@example.com', 'ada@example.com ', 'ada@example.com\u00a0', '\u3000ada@example.com']) {
        assertRefusedField(
          await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person(login) } }),
          'login',
          /must not begin or end with whitespace$/,
        );
      }
      const email = await t.request('POST', '/api/v1/users?activate=false', {
        body: { profile: { ...person('pad@example.com'), email: 'pad@example.com\u2003' } },
      });
      assertRefusedField(email, 'email', /must not begin or end with whitespace$/);
      const second = await t.request('POST', '/api/v1/users?activate=false', {
        body: { profile: person('pad@example.com', { secondEmail: 'pad\u200b@example.org' }) },
      });
      assertRefusedField(second, 'secondEmail', /must not contain invisible or formatting characters \(U\+200B\)$/);
    });

    it('a zero-width look-alike of an existing login is refused; NFKC look-alikes stay duplicates', async () => {
      const first = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person('grace@example.com') } });
      assert.equal(first.statusCode, 200, first.body);
      const hidden = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person('grace\u200b@example.com') } });
      assertRefusedField(hidden, 'login', /must not contain invisible or formatting characters \(U\+200B\)$/);
      const fullWidth = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person('ＧＲＡＣＥ@example.com') } });
      assertRefusedField(fullWidth, 'login', /An object with this field already exists/);
    });

    it('a partial update (POST) and a replace (PUT) cannot smuggle the characters in either', async () => {
      const created = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: person('mary@example.com') } });
      assert.equal(created.statusCode, 200, created.body);
      const id = created.json<{ id: string }>().id;
      const partial = await t.request('POST', `/api/v1/users/${id}`, { body: { profile: { login: 'mary@\u202emoc.elpmaxe' } } });
      assertRefusedField(partial, 'login', /must not contain invisible or formatting characters \(U\+202E\)$/);
      const partialSecond = await t.request('POST', `/api/v1/users/${id}`, { body: { profile: { secondEmail: 'mary@example.org\u001b]0;owned\u0007' } } });
      assertRefusedField(partialSecond, 'secondEmail', /must not contain control characters \(U\+001B\)$/);
      const replaced = await t.request('PUT', `/api/v1/users/${id}`, { body: { profile: { ...person('mary@example.com'), email: 'mary\u0000@example.com' } } });
      assertRefusedField(replaced, 'email', /must not contain control characters \(U\+0000\)$/);
      const padded = await t.request('PUT', `/api/v1/users/${id}`, { body: { profile: person('mary@example.com ') } });
      assertRefusedField(padded, 'login', /must not begin or end with whitespace$/);
      const stored = await t.store.users.get(id);
      assert.deepEqual(stored?.profile, person('mary@example.com'), 'nothing was applied');
    });

    it('group names (the groups\u2019 unique key) refuse them on create and replace', async () => {
      assertRefusedField(
        await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Admins\u200b' } } }),
        'name',
        /must not contain invisible or formatting characters \(U\+200B\)$/,
      );
      assertRefusedField(
        await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Admins ' } } }),
        'name',
        /must not begin or end with whitespace$/,
      );
      const group = await t.request('POST', '/api/v1/groups', { body: { profile: { name: 'Auditors' } } });
      assert.equal(group.statusCode, 200, group.body);
      const id = group.json<{ id: string }>().id;
      const replaced = await t.request('PUT', `/api/v1/groups/${id}`, { body: { profile: { name: 'Auditors\u001b[8m' } } });
      assertRefusedField(replaced, 'name', /must not contain control characters \(U\+001B\)$/);
      assert.equal((await t.store.groups.get(id))?.profile['name'], 'Auditors');
    });

    it('app key ids and redirect URIs refuse them (both are matched exactly and logged)', async () => {
      const keyed = await t.request('POST', '/api/v1/apps', { body: serviceAppBody('Kid app', [rsaJwk('key\u202e1')]) });
      assertRefusedField(keyed, 'settings.oauthClient.jwks.keys[0].kid', /must not contain invisible or formatting characters \(U\+202E\)$/);
      const body = webAppBody('Redirect app');
      const settings = (body['settings'] as { oauthClient: Record<string, unknown> }).oauthClient;
      settings['redirect_uris'] = ['https://app.example.com/cb\u200b'];
      const redirect = await t.request('POST', '/api/v1/apps', { body });
      assertRefusedField(redirect, 'settings.oauthClient.redirect_uris[0]', /.* must not contain invisible or formatting characters \(U\+200B\)$/);
      const service = await t.request('POST', '/api/v1/apps', { body: serviceAppBody('Key holder') });
      assert.equal(service.statusCode, 200, service.body);
      const added = await t.request('POST', `/api/v1/apps/${service.json<{ id: string }>().id}/credentials/jwks`, { body: rsaJwk('\u001b[31mkey', 1) });
      assert.equal(added.statusCode, 400, added.body);
      assert.match(
        added
          .json<OktaError>()
          .errorCauses.map((c) => c.errorSummary)
          .join('\n'),
        /kid: must not contain control characters \(U\+001B\)/,
      );
    });
  });

  describe(`tessera admin create refuses hidden characters (${kind})`, () => {
    let target: Target;
    before(async () => {
      target = await openTarget(kind);
    });
    after(() => target.dispose());

    it('an email with an escape sequence or padding is refused, with one line naming the field, and no user is made', async () => {
      const escaped = await tessera(target.url, ['admin', 'create', '--email', 'root\u001b[2J@example.com', '--password', 'Root-Passw0rd!']);
      assert.equal(escaped.code, 2, escaped.stderr);
      assert.match(escaped.stderr, /^tessera: login: must not contain control characters \(U\+001B\); email: must not contain control characters \(U\+001B\)/);
      assert.ok(!escaped.stderr.includes('\u001b'), 'the refusal does not echo the escape');
      const padded = await tessera(target.url, ['admin', 'create', '--email', 'root@example.com ', '--password', 'Root-Passw0rd!']);
      assert.equal(padded.code, 2, padded.stderr);
      assert.match(padded.stderr, /^tessera: login: must not begin or end with whitespace/);
      const store = createStore(target.database);
      assert.equal(await store.users.getByLogin('root@example.com '), undefined);
      assert.equal(await store.users.getByLogin('root\u001b[2J@example.com'), undefined);
    });
  });
}
