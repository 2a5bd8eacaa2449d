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

  it('token migrate --dry-run prints the plan and makes nothing; without it, the app and the SDK configuration', async () => {
    const before = (await app.services.store.apps.list({ limit: 200 })).length;
    const plan = await run('token migrate', used.tokenId, '--dry-run');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /^plan: API token/);
    assert.match(plan.stdout, /scopes: okta\.groups\.read/);
    assert.match(plan.stdout, /roles: +READ_ONLY_ADMIN/);
    assert.equal((await app.services.store.apps.list({ limit: 200 })).length, before);
    const done = await run('token migrate', used.tokenId, '--revoke-after', 'P2D', '--json');
    assert.equal(done.code, 0, done.stderr);
    const result = JSON.parse(done.stdout);
    assert.equal(result.dryRun, false);
    assert.equal(result.sdkConfig.authorizationMode, 'PrivateKey');
    assert.match(result.sdkConfig.privateKey, /BEGIN PRIVATE KEY/);
    assert.deepEqual(result.sdkConfig.scopes, ['okta.groups.read']);
    assert.equal((await app.services.store.apps.list({ limit: 200 })).length, before + 1);
    assertRefused(await run('token migrate', used.tokenId, '--public-key', '/nonexistent/key.json'), /is not a JWK file/);
  });

  it('token rotate prints the new secret once and keeps the old one for the grace period', async () => {
    const rotated = await run('token rotate', idle.tokenId, '--grace', 'PT1H', '--json');
    assert.equal(rotated.code, 0, rotated.stderr);
    const body = JSON.parse(rotated.stdout);
    assert.notEqual(body.id, idle.tokenId);
    assert.equal(body.rotatedFrom.id, idle.tokenId);
    const response = await app.fastify.inject({ method: 'GET', url: '/api/v1/groups', headers: { authorization: `SSWS ${body.token}` } });
    assert.equal(response.statusCode, 200);
    assertRefused(await run('token rotate', idle.tokenId, '--grace', 'P9D'), /gracePeriod must be/);
  });

  it('help lists the commands', async () => {
    const help = await run('help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /token usage ID/);
    assert.match(help.stdout, /insights \[--flag F\]/);
  });
});
