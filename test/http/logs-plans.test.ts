/**
 * The System Log's reads stay index look-ups after migration 2026-11-28T17-50 made appending
 * cheaper (it dropped the targets' `seq` index and, on SQLite, the `position` copy of `seq`):
 * a `target.id` filter searches the targets by id, and on SQLite a page in commit order walks
 * `seq` without sorting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, createQueryId, sql } from 'kysely';
import { KyselyLogRepository } from '../../src/store/kysely/logs.js';
import { storeKinds } from '../helpers/databases.js';
import { LastQuery } from '../helpers/last-query.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { iso, LOGS_TEST_CONFIG, markerEvent, writeEvents } from './logs-fixtures.js';

const EVENTS = 3000;

for (const kind of await storeKinds()) {
  describe(`System Log query plans (${kind})`, () => {
    let t: TestApp;
    let since: string;
    /** The position of the last event written before this suite's (the admin's set-up events). */
    let start: number;

    before(async () => {
      t = await startTestApp(kind, { config: LOGS_TEST_CONFIG });
      since = iso(t.clock.now() - 60_000);
      start = await t.store.logs.highWater();
      const markers = Array.from({ length: EVENTS }, (_, i) => `plan-${String(i).padStart(4, '0')}`);
      await t.store.transaction((tx) => writeEvents(t, tx, markers.map(markerEvent)));
      if (kind === 'postgres') await sql`ANALYZE`.execute(t.database.db);
    });
    after(() => t.close());

    const planOf = async (last: LastQuery): Promise<string> => {
      assert.ok(last.node !== undefined);
      const compiled = t.database.db.getExecutor().compileQuery(last.node, createQueryId());
      const explain = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
      const result = await t.database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
      return result.rows.map((row) => String(kind === 'sqlite' ? row['detail'] : row['QUERY PLAN'])).join('\n');
    };

    it('finds the events of a target through the targets index, newest first', async () => {
      const last = new LastQuery();
      const logs = new KyselyLogRepository(t.database.db.withPlugin(last), t.database.dialect);
      const rows = await logs.query({
        since,
        order: 'DESCENDING',
        limit: 10,
        filter: { kind: 'compare', attribute: 'target.id', operator: 'eq', value: 'plan-1234' },
      });
      assert.deepEqual(
        rows.map((row) => row.event.displayMessage),
        ['plan-1234'],
      );
      const plan = await planOf(last);
      if (kind === 'sqlite') {
        assert.match(plan, /SEARCH log_event_targets USING (PRIMARY KEY|COVERING INDEX)/, plan);
        assert.doesNotMatch(plan, /SCAN log_event_targets/, plan);
      } else {
        assert.match(plan, /log_event_targets_target/, plan);
        assert.doesNotMatch(plan, /Seq Scan on log_event_targets/, plan);
      }
    });

    it('pages in commit order', async () => {
      const last = new LastQuery();
      const logs = new KyselyLogRepository(t.database.db.withPlugin(last), t.database.dialect);
      const first = await logs.query({ since, order: 'ASCENDING', limit: 3, afterPosition: start });
      assert.deepEqual(
        first.map((row) => row.event.displayMessage),
        ['plan-0000', 'plan-0001', 'plan-0002'],
      );
      const after = first.at(-1)?.position;
      assert.ok(after !== undefined);
      const next = await logs.query({ since, order: 'ASCENDING', limit: 2, afterPosition: after });
      assert.deepEqual(
        next.map((row) => row.event.displayMessage),
        ['plan-0003', 'plan-0004'],
      );
      if (kind === 'sqlite') {
        const plan = await planOf(last);
        // `seq` is the rowid: a range walk in key order, no sort.
        assert.match(plan, /SEARCH log_events USING INTEGER PRIMARY KEY \(rowid>\?\)/, plan);
        assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      }
      assert.equal(await logs.highWater(), (await logs.query({ since, order: 'DESCENDING', limit: 1 }))[0]?.position);
    });
  });
}
