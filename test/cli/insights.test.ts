/**
 * `tessera token usage|suggest` and `tessera insights`, spawned as a real process against a
 * SQLite file (the commands read what the nodes flushed; the store code is the server's, proven on
 * both databases by the HTTP and conformance suites). Usage is made by a real app over the same
 * file and flushed, as a node does every minute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { ensureOrg } from '../../src/bootstrap.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createStore } from '../../src/store/create-store.js';
import { createUser } from '../fixtures/users.js';
import { insertApiToken } from '../fixtures/tokens.js';
import { assertRefused, openTarget, tessera, type Target } from '../helpers/cli-process.js';

describe('tessera token usage, token suggest, insights (sqlite)', () => {
  let target: Target;
  let app: App;
  let used: { token: string; tokenId: string };
  let idle: { token: string; tokenId: string };
  const run = (...args: string[]) => tessera(target.url, args);

  before(async () => {
    target = await openTarget('sqlite');
    const store = createStore(target.database);
    await ensureOrg(store, systemClock, 'P30D');
    app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: target.url, TESSERA_MASTER_KEY: 'k'.repeat(40) }),
      store,
      clock: systemClock,
    });
    const reader = await createUser(
      app.services,
      { login: 'reader@example.com', email: 'reader@example.com', firstName: 'R', lastName: 'O' },
      { password: 'Reader-Passw0rd!', roles: ['READ_ONLY_ADMIN'] },
    );
    const root = await createUser(
      app.services,
      { login: 'root@example.com', email: 'root@example.com', firstName: 'R', lastName: 'S' },
      { password: 'Root-Passw0rd!', roles: ['SUPER_ADMIN'] },
    );
    used = await insertApiToken({ store, clock: systemClock }, reader.id, { name: 'nightly sync' });
    idle = await insertApiToken({ store, clock: systemClock }, root.id, { name: 'forgotten' });
    for (let i = 0; i < 3; i++) {
      const response = await app.fastify.inject({
        method: 'GET',
        url: '/api/v1/groups',
        headers: { authorization: `SSWS ${used.token}`, 'user-agent': 'sync/1' },
      });
      assert.equal(response.statusCode, 200);
    }
    await app.services.meter?.flush();
  });
  after(async () => {
    await app.fastify.close();
    await target.dispose();
  });

  it('token usage prints the counts by endpoint, and --json the same report as the API', async () => {
    const text = await run('token usage', used.tokenId);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /3 requests, 0 refused/);
    assert.match(text.stdout, /GET \/api\/v1\/groups/);
    assert.match(text.stdout, /sync\/1/);
    const json = await run('token usage', used.tokenId, '--json');
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(report.totals, { requests: 3, refused: 0 });
  });

  it('token suggest names the narrowest role and the unused permissions', async () => {
    const text = await run('token suggest', used.tokenId);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /suggested roles: +READ_ONLY_ADMIN/);
    assert.match(text.stdout, /suggested scopes: +okta\.groups\.read/);
    assert.match(text.stdout, /never used: .*okta\.users\.read/);
  });

  it('insights lists every credential, --flag filters them', async () => {
    const all = await run('insights', '--json');
    assert.equal(all.code, 0, all.stderr);
    const ids = JSON.parse(all.stdout).map((c: { credential: { id: string } }) => c.credential.id);
    assert.ok(ids.includes(used.tokenId) && ids.includes(idle.tokenId));
    const supers = await run('insights', '--flag', 'SUPER_ADMIN_TOKEN');
    assert.equal(supers.code, 0, supers.stderr);
    assert.match(supers.stdout, new RegExp(idle.tokenId));
    assert.doesNotMatch(supers.stdout, new RegExp(used.tokenId));
  });

  it('refuses a bad id, an unknown token, a bad window and an unknown flag with one line', async () => {
    assertRefused(await run('token usage', 'nope'), /not an API token id/);
    assertRefused(await run('token suggest', '00T00000000000000000'), /no active API token has the id/);
    assertRefused(await run('token usage', used.tokenId, '--since', 'yesterday'), /since must be an ISO-8601 date-time/);
    assertRefused(await run('insights', '--flag', 'RISKY'), /--flag must be one of/);
  });

  it('help lists the commands', async () => {
    const help = await run('help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /token usage ID/);
    assert.match(help.stdout, /insights \[--flag F\]/);
  });
});
