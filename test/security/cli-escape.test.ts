/**
 * The operator's terminal is not the attacker's: a token name written straight into the store
 * (as an older version, a restored backup or a hand-edited database could hold it) carrying an
 * ANSI escape, a C1 CSI, an OSC window-title sequence or a bidi override is printed escaped by
 * `tessera token list` (table and --json), and an argument carrying one is echoed escaped in the
 * refusal. Run as a real process on SQLite and PostgreSQL.
 */
import { DEFAULT_PASSWORD_HASH } from '../../src/config/config.js';
import { createPasswordHasher } from '../../src/crypto/password-hash.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock, systemClock } from '../../src/clock.js';
import { EventBus } from '../../src/events/event-bus.js';
import { createStore } from '../../src/store/create-store.js';
import { openTarget, tessera, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';
import { createUser } from '../fixtures/users.js';
import { insertApiToken } from '../fixtures/tokens.js';

/** Clears the screen, turns the text red, sets the window title, then reverses what follows. */
const HOSTILE_NAME = 'ci\u001b[2J\u001b[H\u001b[31m\u009b1A\u001b]0;pwned\u0007\u202enimda';
/** What a terminal would act on: C0/C1 controls, format characters, line/paragraph separators. */
const ACTIONABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

for (const kind of await storeKinds()) {
  describe(`the CLI prints stored values escaped (${kind})`, () => {
    let target: Target;
    let tokenId: string;
    before(async () => {
      target = await openTarget(kind);
      const store = createStore(target.database);
      const admin = await createUser(
        { store, clock: systemClock, events: new EventBus(), passwordHasher: createPasswordHasher(DEFAULT_PASSWORD_HASH) },
        { login: 'root@example.com', email: 'root@example.com', firstName: 'root', lastName: 'Admin' },
        { password: 'Root-Passw0rd!', roles: ['SUPER_ADMIN'] },
      );
      ({ tokenId } = await insertApiToken({ store, clock: new ManualClock(Date.now()) }, admin.id, { name: HOSTILE_NAME }));
    });
    after(() => target.dispose());

    it('token list shows the name with every control and bidi character escaped', async () => {
      const res = await tessera(target.url, ['token', 'list']);
      assert.equal(res.code, 0, res.stderr);
      const lines = res.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 2, res.stdout);
      const row = lines[1] ?? '';
      assert.ok(row.startsWith(tokenId), row);
      assert.doesNotMatch(res.stdout.replace(/\n/g, ''), ACTIONABLE, 'nothing a terminal would act on');
      assert.ok(row.endsWith('ci\\u001b[2J\\u001b[H\\u001b[31m\\u009b1A\\u001b]0;pwned\\u0007\\u202enimda'), row);
    });

    it('token list --json escapes them too, and still parses back to the stored name', async () => {
      const res = await tessera(target.url, ['token', 'list', '--json']);
      assert.equal(res.code, 0, res.stderr);
      assert.doesNotMatch(res.stdout.trimEnd(), ACTIONABLE);
      const listed = JSON.parse(res.stdout) as { id: string; name: string }[];
      assert.deepEqual(
        listed.map((t) => [t.id, t.name]),
        [[tokenId, HOSTILE_NAME]],
      );
    });

    it('a refusal quoting a hostile argument echoes it escaped, on one line', async () => {
      const res = await tessera(target.url, ['token', 'create', '--user', 'nobody\u001b[2J\u202e@example.com', '--name', 'x']);
      assert.equal(res.code, 2, res.stderr);
      assert.equal(res.stderr, 'tessera: no user has the login "nobody\\u001b[2J\\u202e@example.com"\n');
      assert.equal(res.stdout, '');
    });
  });
}
