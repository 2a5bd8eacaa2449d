/**
 * SIGKILL at any moment loses no acknowledged write and leaves nothing half-applied (SECURITY.md
 * "Faults"). A real server process (`src/main.ts`) takes concurrent user creations and is killed
 * mid-stream, while WAL checkpoints run beside it on SQLite; a new process on the same database then
 * serves every user whose creation was acknowledged, and every user in the database has the
 * System Log event of its creation (a create is one transaction with its event).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, startServerProcess, stopServerProcess, tessera, type ServerProcess, type Target } from '../helpers/cli-process.js';
import { storeKinds } from '../helpers/databases.js';
import { TEST_MASTER_KEY } from '../helpers/test-app.js';

const ADMIN = 'crash.admin@example.com';
const PASSWORD = 'Passw0rd-Crash!';
const ACKNOWLEDGED_BEFORE_KILL = 40;
const CONCURRENCY = 12;

for (const kind of await storeKinds()) {
  describe(`a server killed in the middle of writes (${kind})`, () => {
    let target: Target;
    const servers: ServerProcess[] = [];
    before(async () => {
      target = await openTarget(kind);
    });
    after(async () => {
      for (const server of servers) await stopServerProcess(server, 'SIGKILL');
      await target.dispose();
    });

    it('serves every acknowledged user after a SIGKILL, and holds no user without its creation event', async () => {
      assert.equal((await tessera(target.url, ['admin', 'create', '--email', ADMIN, '--password', PASSWORD])).code, 0);
      const created = await tessera(target.url, ['token', 'create', '--user', ADMIN, '--name', 'crash', '--json']);
      assert.equal(created.code, 0, created.stderr);
      const token = (JSON.parse(created.stdout) as { token: string }).token;

      const first = await startServerProcess(target.url, { TESSERA_MASTER_KEY: TEST_MASTER_KEY });
      servers.push(first);
      const acknowledged = new Map<string, string>();
      let next = 0;
      let killed: Promise<void> | undefined;
      const worker = async () => {
        while (killed === undefined) {
          const login = `crash.${next++}@example.com`;
          try {
            const res = await fetch(`${first.baseUrl}/api/v1/users?activate=true`, {
              method: 'POST',
              headers: { authorization: `SSWS ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ profile: { login, email: login, firstName: 'Crash', lastName: String(next), department: 'Test' } }),
            });
            if (res.status === 200) acknowledged.set(login, ((await res.json()) as { id: string }).id);
            else assert.fail(`create answered ${res.status}: ${await res.text()}`);
          } catch (error) {
            if (killed === undefined) throw error;
          }
          if (acknowledged.size >= ACKNOWLEDGED_BEFORE_KILL) killed ??= stopServerProcess(first, 'SIGKILL');
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await killed;
      assert.equal(first.child.signalCode, 'SIGKILL');
      assert.ok(acknowledged.size >= ACKNOWLEDGED_BEFORE_KILL);

      const second = await startServerProcess(target.url, { TESSERA_MASTER_KEY: TEST_MASTER_KEY });
      servers.push(second);
      for (const [login, id] of acknowledged) {
        const res = await fetch(`${second.baseUrl}/api/v1/users/${id}`, { headers: { authorization: `SSWS ${token}` } });
        assert.equal(res.status, 200, `acknowledged user ${login} is there`);
        assert.equal(((await res.json()) as { profile: { login: string } }).profile.login, login);
      }
      const db = target.database.db;
      const users = await db.selectFrom('users').select(['id', 'login']).where('login', 'like', 'crash.%').execute();
      assert.ok(users.length >= acknowledged.size);
      const withEvent = await db
        .selectFrom('log_event_targets')
        .innerJoin('log_events', 'log_events.seq', 'log_event_targets.seq')
        .select('log_event_targets.target_id')
        .where('log_events.event_type', '=', 'user.lifecycle.create')
        .where(
          'log_event_targets.target_id',
          'in',
          users.map((u) => u.id),
        )
        .execute();
      assert.deepEqual(new Set(withEvent.map((row) => row.target_id)), new Set(users.map((u) => u.id)), 'every user has its creation event');
      await stopServerProcess(second, 'SIGTERM');
      assert.equal(second.child.exitCode, 0, 'SIGTERM drains and exits 0');
    });
  });
}
