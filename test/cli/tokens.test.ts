/**
 * `tessera token create|list|revoke`, spawned as a real process (`node --import tsx
 * src/cli/entry.ts`, the source itself, so no stale build is tested) against a SQLite file and
 * a PostgreSQL schema of its own. Fixtures (plain users, groups) are written in-process to the
 * same database, and the printed tokens are tried over HTTP with the real app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { systemClock, isoAt } from '../../src/clock.js';
import { DEFAULT_PASSWORD_HASH, loadConfig } from '../../src/config/config.js';
import { secretDigest } from '../../src/crypto/secret-digest.js';
import { newId } from '../../src/crypto/random-id.js';
import { EventBus } from '../../src/events/event-bus.js';
import { SystemLogWriter } from '../../src/events/system-log-writer.js';
import { createPasswordHasher } from '../../src/crypto/password-hash.js';
import { createStore } from '../../src/store/create-store.js';
import type { Store } from '../../src/store/store.js';
import { createUser } from '../fixtures/users.js';
import { assertRefused, openTarget, tessera, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';

const DAY = 86_400_000;

async function plainUser(store: Store, login: string): Promise<string> {
  const events = new EventBus();
  events.subscribe(new SystemLogWriter(systemClock));
  const user = await createUser(
    { store, clock: systemClock, events, passwordHasher: createPasswordHasher(DEFAULT_PASSWORD_HASH) },
    { login, email: login, firstName: 'Plain', lastName: 'User' },
    { password: 'Plain-Passw0rd!' },
  );
  return user.id;
}

interface CreatedJson {
  id: string;
  name: string;
  userId: string;
  token: string;
  expiresAt: string;
}

for (const kind of await storeKinds()) {
  describe(`tessera token (${kind})`, () => {
    let target: Target;
    let store: Store;
    let app: App;
    let adminId: string;
    const run = (...args: string[]) => tessera(target.url, args);
    const me = (token: string) => app.fastify.inject({ method: 'GET', url: '/api/v1/users/me', headers: { authorization: `SSWS ${token}` } });

    before(async () => {
      target = await openTarget(kind);
      store = createStore(target.database);
      const created = await run('admin', 'create', '--email', 'root@example.com', '--password', 'Root-Passw0rd!');
      assert.equal(created.code, 0, created.stderr);
      const admin = await store.users.getByLogin('root@example.com');
      assert.ok(admin);
      adminId = admin.id;
      app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), store, clock: systemClock });
    });
    after(async () => {
      await app.fastify.close();
      await target.dispose();
    });

    it('token create prints the token once, on stdout alone; it works and only its digest is stored', async () => {
      const res = await run('token', 'create', '--user', 'root@example.com', '--name', 'deploy');
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /^00[A-Za-z0-9_-]{40}\n$/);
      const secret = res.stdout.trim();
      const used = await me(secret);
      assert.equal(used.statusCode, 200, used.body);
      assert.equal(used.json().profile.login, 'root@example.com');
      const rows = await target.database.db.selectFrom('api_tokens').selectAll().execute();
      const row = rows.find((r) => r.token_digest === secretDigest(secret));
      assert.ok(row, 'stored by its SHA-256 digest');
      assert.equal(row.name, 'deploy');
      assert.ok(!JSON.stringify(rows).includes(secret), 'the secret itself is stored nowhere');
      const logged = await store.logs.query({ since: '1970-01-01T00:00:00.000Z', until: '9999-01-01T00:00:00.000Z', order: 'ASCENDING', limit: 10_000 });
      const create = logged.map((e) => e.event).find((e) => e.eventType === 'system.api_token.create' && e.target.some((x) => x.id === row.id));
      assert.ok(create, 'system.api_token.create is logged');
      assert.ok(!JSON.stringify(logged).includes(secret), 'and the log never holds the secret');
    });

    it('token create --json prints id, name, userId, token and expiresAt', async () => {
      const startedAt = Date.now();
      const res = await run('token', 'create', '--user', 'root@example.com', '--name', 'ci bot', '--json');
      assert.equal(res.code, 0, res.stderr);
      const out = JSON.parse(res.stdout) as CreatedJson;
      assert.deepEqual(Object.keys(out).sort(), ['expiresAt', 'id', 'name', 'token', 'userId']);
      assert.match(out.id, /^00T[0-9A-Za-z]{17}$/);
      assert.equal(out.name, 'ci bot');
      assert.equal(out.userId, adminId);
      assert.match(out.token, /^00[A-Za-z0-9_-]{40}$/);
      const expires = Date.parse(out.expiresAt);
      assert.ok(expires >= startedAt + 30 * DAY && expires <= Date.now() + 30 * DAY, out.expiresAt);
      assert.equal((await me(out.token)).statusCode, 200);
    });

    it('token list shows the active tokens, never a secret; token revoke ends one', async () => {
      const created = JSON.parse((await run('token', 'create', '--user', 'root@example.com', '--name', 'short-lived', '--json')).stdout) as CreatedJson;
      const listed = await run('token', 'list', '--json');
      assert.equal(listed.code, 0, listed.stderr);
      const tokens = JSON.parse(listed.stdout) as { id: string; name: string; clientName: string; expiresAt: string }[];
      const entry = tokens.find((tok) => tok.id === created.id);
      assert.ok(entry);
      assert.equal(entry.name, 'short-lived');
      assert.equal(entry.clientName, 'Okta API');
      assert.equal(entry.expiresAt, created.expiresAt);
      assert.ok(!listed.stdout.includes(created.token));
      const plain = await run('token', 'list');
      assert.equal(plain.code, 0);
      assert.ok(plain.stdout.split('\n').some((line) => line.startsWith(created.id) && line.includes('short-lived')));

      // The server has just served this token (and may remember it); the revocation comes from
      // another process, and the very next request must see it.
      assert.equal((await me(created.token)).statusCode, 200);
      assert.equal((await me(created.token)).statusCode, 200);
      const revoked = await run('token', 'revoke', created.id);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.equal((await me(created.token)).statusCode, 401);
      const remaining = JSON.parse((await run('token', 'list', '--json')).stdout) as { id: string }[];
      assert.ok(!remaining.some((tok) => tok.id === created.id));
      assertRefused(await run('token', 'revoke', created.id), /no active API token/);
    });

    it('refuses a user who is not an admin, and creates nothing', async () => {
      await plainUser(store, 'plain@example.com');
      const count = async () => (await target.database.db.selectFrom('api_tokens').select('id').execute()).length;
      const countBefore = await count();
      assertRefused(await run('token', 'create', '--user', 'plain@example.com', '--name', 'nope'), /not an administrator/);
      assert.equal(await count(), countBefore);
    });

    it('accepts an admin through a group', async () => {
      const userId = await plainUser(store, 'via-group@example.com');
      const now = isoAt(Date.now());
      const groupId = newId('group');
      await store.groups.insert({
        id: groupId,
        type: 'OKTA_GROUP',
        profile: { name: 'Helpdesk', description: null },
        created: now,
        lastUpdated: now,
        lastMembershipUpdated: now,
      });
      await store.groups.addMember(groupId, userId, now);
      await store.roles.insert({
        id: newId('roleAssignment'),
        principalType: 'GROUP',
        principalId: groupId,
        roleType: 'HELP_DESK_ADMIN',
        created: now,
        lastUpdated: now,
      });
      // New tokens take the configured window (TESSERA_TOKEN_WINDOW).
      const startedAt = Date.now();
      const res = await tessera(target.url, ['token', 'create', '--user', 'via-group@example.com', '--name', 'helpdesk', '--json'], {
        TESSERA_TOKEN_WINDOW: 'P7D',
      });
      assert.equal(res.code, 0, res.stderr);
      const out = JSON.parse(res.stdout) as CreatedJson;
      assert.equal(out.userId, userId);
      const expires = Date.parse(out.expiresAt);
      assert.ok(expires >= startedAt + 7 * DAY && expires <= Date.now() + 7 * DAY, out.expiresAt);
      assert.equal((await store.apiTokens.get(out.id))?.tokenWindow, 'P7D');
    });

    it('refuses an unknown or inactive user', async () => {
      assertRefused(await run('token', 'create', '--user', 'ghost@example.com', '--name', 'x'), /no user has the login "ghost@example\.com"/);
      const userId = await plainUser(store, 'on-leave@example.com');
      const now = isoAt(Date.now());
      await store.roles.insert({
        id: newId('roleAssignment'),
        principalType: 'USER',
        principalId: userId,
        roleType: 'ORG_ADMIN',
        created: now,
        lastUpdated: now,
      });
      await store.users.update(userId, (u) => ({ ...u, status: 'SUSPENDED', statusChanged: now, lastUpdated: now }));
      assertRefused(await run('token', 'create', '--user', 'on-leave@example.com', '--name', 'x'), /SUSPENDED/);
    });
  });
}

describe('tessera token: bad arguments', { concurrency: 4 }, () => {
  // Refused while reading the arguments, before any database is opened.
  const cases: readonly [readonly string[], RegExp][] = [
    [['token', 'create', '--name', 'x'], /--user/],
    [['token', 'create', '--user', 'a@example.com'], /--name/],
    [['token', 'create', '--user', 'a@example.com', '--name', 'x', '--admin'], /--admin/],
    [['token', 'list', 'extra'], /extra/],
    [['token', 'revoke'], /token id/],
    [['token', 'revoke', 'not-an-id'], /not-an-id/],
    [['token', 'revoke', '00T00000000000000000', '00T00000000000000001'], /one token id/],
  ];
  for (const [args, pattern] of cases) {
    it(`exits non-zero with one line: tessera ${args.join(' ')}`, async () => {
      assertRefused(await tessera('sqlite::memory:', args), pattern);
    });
  }

  it('refuses a blank name with one line', async () => {
    assertRefused(await tessera('sqlite::memory:', ['token', 'create', '--user', 'a@example.com', '--name', '  ']), /name/);
  });
});
