/**
 * Display names that reach terminals and logs (API token names, app labels, DCR `client_name`,
 * people's names), tried as an attacker would over HTTP and through the CLI, on SQLite and
 * PostgreSQL: an ANSI escape that recolours or clears the operator's terminal, a C1 control, a
 * bidi override that makes a label read backwards, or a log-forging line break is refused with a
 * cause naming the field, on create and on update; nothing is written. Names in Persian, in
 * Indic scripts and with emoji sequences (which need the zero-width joiners) are still accepted.
 */
import { DEFAULT_PASSWORD_HASH } from '../../src/config/config.js';
import { createPasswordHasher } from '../../src/crypto/password-hash.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../src/clock.js';
import { EventBus } from '../../src/events/event-bus.js';
import { createStore } from '../../src/store/create-store.js';
import { openTarget, tessera, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';
import { createUser } from '../fixtures/users.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { webAppBody } from '../http/apps.fixtures.js';

interface OktaError {
  errorCode: string;
  errorSummary: string;
  errorCauses: { errorSummary: string }[];
}

/** Names an attacker would try, and the code point the refusal names. */
const HOSTILE_NAMES: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['an ANSI colour escape', 'deploy\u001b[31m key', /must not contain control characters \(U\+001B\)$/],
  ['a cursor-moving escape', 'deploy\u001b[1A\u001b[2K', /must not contain control characters \(U\+001B\)$/],
  ['a C1 CSI', 'deploy\u009b2J', /must not contain control characters \(U\+009B\)$/],
  ['a bell', 'deploy\u0007', /must not contain control characters \(U\+0007\)$/],
  ['a forged log line', 'deploy\r\n2026-01-01 admin granted', /must not contain control characters \(U\+000D\)$/],
  ['a right-to-left override', 'deploy\u202egnp.exe', /must not contain invisible or formatting characters \(U\+202E\)$/],
  ['a left-to-right isolate', 'deploy\u2066key', /must not contain invisible or formatting characters \(U\+2066\)$/],
  ['a zero-width space', 'dep\u200bloy', /must not contain invisible or formatting characters \(U\+200B\)$/],
  ['a paragraph separator', 'deploy\u2029key', /must not contain line or paragraph separators \(U\+2029\)$/],
  ['surrounding whitespace', ' deploy ', /must not begin or end with whitespace$/],
];

/** Names in scripts that need the joiners, and emoji sequences: all accepted. */
const FRIENDLY_NAMES = ['می\u200cخواهم', 'क्\u200dष team', '👩\u200d💻 tools', '\u2764\ufe0f CI', 'Zürich – nightly'];

function assertRefusedField(res: { statusCode: number; body: string; json<T>(): T }, field: string, pattern: RegExp): void {
  assert.equal(res.statusCode, 400, res.body);
  const body = res.json<OktaError>();
  assert.equal(body.errorCode, 'E0000001');
  assert.equal(body.errorSummary, `Api validation failed: ${field}`);
  assert.equal(body.errorCauses.length, 1, res.body);
  assert.match(body.errorCauses[0]?.errorSummary ?? '', new RegExp(`^${field}: ${pattern.source}`));
}

function labelled(label: string): Record<string, unknown> {
  return webAppBody(label);
}

for (const kind of await storeKinds()) {
  describe(`display names refuse control and format characters (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('PUT /api/v1/api-tokens/{id} refuses each hostile name and keeps the old one', async () => {
      const path = `/api/v1/api-tokens/${t.admin.tokenId}`;
      for (const [what, name, message] of HOSTILE_NAMES) {
        const res = await t.request('PUT', path, { body: { name } });
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        assertRefusedField(res, 'name', message);
      }
      assert.equal((await t.store.apiTokens.get(t.admin.tokenId))?.name, 'admin token');
      for (const name of FRIENDLY_NAMES) {
        const res = await t.request('PUT', path, { body: { name } });
        assert.equal(res.statusCode, 200, `${JSON.stringify(name)}: ${res.body}`);
        assert.equal(res.json<{ name: string }>().name, name);
      }
    });

    it('POST and PUT /api/v1/apps refuse each hostile label; nothing is created or changed', async () => {
      const apps = async () => (await t.store.apps.list({ limit: 200 })).length;
      const count = await apps();
      for (const [what, label, message] of HOSTILE_NAMES) {
        // The Apps API trims labels (it always has): padding alone is no attack there.
        if (what === 'surrounding whitespace') continue;
        const res = await t.request('POST', '/api/v1/apps', { body: labelled(label) });
        assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
        assertRefusedField(res, 'label', message);
      }
      assert.equal(await apps(), count);
      const created = await t.request('POST', '/api/v1/apps', { body: labelled('Payroll') });
      assert.equal(created.statusCode, 200, created.body);
      const id = created.json<{ id: string }>().id;
      const replaced = await t.request('PUT', `/api/v1/apps/${id}`, { body: labelled('Payroll\u202elanretni') });
      assertRefusedField(replaced, 'label', /must not contain invisible or formatting characters \(U\+202E\)$/);
      assert.equal((await t.store.apps.get(id))?.label, 'Payroll');
      for (const label of FRIENDLY_NAMES) {
        const res = await t.request('POST', '/api/v1/apps', { body: labelled(label) });
        assert.equal(res.statusCode, 200, `${JSON.stringify(label)}: ${res.body}`);
      }
    });

    it('Dynamic Client Registration refuses a hostile client_name on register and replace (RFC 7591 invalid_client_metadata)', async () => {
      const registered = await t.request('POST', '/oauth2/v1/clients', {
        body: { client_name: 'RP\u001b]8;;https://evil.example\u0007', redirect_uris: ['https://rp.example.com/cb'] },
      });
      assert.equal(registered.statusCode, 400, registered.body);
      assert.deepEqual(registered.json(), { error: 'invalid_client_metadata', error_description: 'client_name: must not contain control characters (U+001B)' });
      const good = await t.request('POST', '/oauth2/v1/clients', { body: { client_name: 'RP', redirect_uris: ['https://rp.example.com/cb'] } });
      assert.equal(good.statusCode, 201, good.body);
      const client = good.json<{ client_id: string }>();
      const replaced = await t.request('PUT', `/oauth2/v1/clients/${client.client_id}`, {
        body: { client_name: 'RP\u2067', redirect_uris: ['https://rp.example.com/cb'] },
      });
      assert.equal(replaced.statusCode, 400, replaced.body);
      assert.deepEqual(replaced.json(), {
        error: 'invalid_client_metadata',
        error_description: 'client_name: must not contain invisible or formatting characters (U+2067)',
      });
      assert.equal((await t.store.apps.get(client.client_id))?.label, 'RP');
    });

    it("a person's names (logged as the user's display name) refuse them on create and update", async () => {
      const profile = { login: 'lin@example.com', email: 'lin@example.com', firstName: 'Lin', lastName: 'Wei' };
      assertRefusedField(
        await t.request('POST', '/api/v1/users?activate=false', { body: { profile: { ...profile, firstName: 'Lin\u001b[41m' } } }),
        'firstName',
        /must not contain control characters \(U\+001B\)$/,
      );
      assertRefusedField(
        await t.request('POST', '/api/v1/users?activate=false', { body: { profile: { ...profile, lastName: '\u202eieW' } } }),
        'lastName',
        /must not contain invisible or formatting characters \(U\+202E\)$/,
      );
      const created = await t.request('POST', '/api/v1/users?activate=false', { body: { profile: { ...profile, nickName: 'لين\u200cوي' } } });
      assert.equal(created.statusCode, 200, created.body);
      const id = created.json<{ id: string }>().id;
      assertRefusedField(
        await t.request('POST', `/api/v1/users/${id}`, { body: { profile: { displayName: 'Lin\r\nuser.session.start SUCCESS' } } }),
        'displayName',
        /must not contain control characters \(U\+000D\)$/,
      );
      assertRefusedField(
        await t.request('POST', `/api/v1/users/${id}`, { body: { profile: { middleName: 'M ' } } }),
        'middleName',
        /must not begin or end with whitespace$/,
      );
      assert.equal((await t.store.users.get(id))?.profile['displayName'], undefined);
    });
  });

  describe(`tessera token create refuses hostile names (${kind})`, () => {
    let target: Target;
    before(async () => {
      target = await openTarget(kind);
      const store = createStore(target.database);
      await createUser(
        { store, clock: systemClock, events: new EventBus(), passwordHasher: createPasswordHasher(DEFAULT_PASSWORD_HASH) },
        { login: 'root@example.com', email: 'root@example.com', firstName: 'root', lastName: 'Admin' },
        { password: 'Root-Passw0rd!', roles: ['SUPER_ADMIN'] },
      );
    });
    after(() => target.dispose());

    it('an escape sequence in --name is refused with one line, and no token is made', async () => {
      const res = await tessera(target.url, ['token', 'create', '--user', 'root@example.com', '--name', 'ci\u001b[2J\u001b[H']);
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stderr, 'tessera: name: must not contain control characters (U+001B)\n');
      assert.equal(res.stdout, '');
      const rows = await target.database.db.selectFrom('api_tokens').selectAll().execute();
      assert.equal(rows.length, 0);
    });
  });
}
