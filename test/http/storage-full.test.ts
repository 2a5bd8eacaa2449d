/**
 * A full disk fails closed like an outage: SQLite's SQLITE_FULL (here the database's page limit,
 * as a full file system gives it) answers 503 with Okta's E0000009 and `Retry-After`, writes
 * nothing, and the same request succeeds once there is room again. SQLite only.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('a full disk (sqlite)', () => {
  let t: TestApp;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-full-'));
    t = await startTestApp('sqlite', { sqliteFile: join(dir, 'tessera.db') });
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 E0000009 with Retry-After, writes nothing, and recovers without a restart', async () => {
    const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(t.database.db);
    const count = pages.rows[0]?.page_count ?? 0;
    await sql.raw(`PRAGMA max_page_count = ${count}`).execute(t.database.db);
    // Users until the database needs a page it may not have (free pages in the last one come first).
    const body = (n: number) => ({
      profile: { login: `full${n}@example.com`, email: `full${n}@example.com`, firstName: 'Full', lastName: 'Disk', title: 'y'.repeat(900) },
    });
    let n = 0;
    let refused = await t.request('POST', '/api/v1/users', { body: body(n) });
    while (refused.statusCode === 200 && n < 200) {
      n += 1;
      refused = await t.request('POST', '/api/v1/users', { body: body(n) });
    }
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(refused.json<{ errorCode: string }>().errorCode, 'E0000009');
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal(await t.store.users.getByLogin(`full${n}@example.com`), undefined);

    await sql.raw('PRAGMA max_page_count = 1073741823').execute(t.database.db);
    const created = await t.request('POST', '/api/v1/users', { body: body(n) });
    assert.equal(created.statusCode, 200, created.body);
  });
});
