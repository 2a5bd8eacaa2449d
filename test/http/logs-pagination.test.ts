/**
 * GET /api/v1/logs paging: Link headers, the opaque `after` cursor, Okta's polling mode, and
 * exactly-once delivery while writers commit concurrently (PostgreSQL numbers rows when they are
 * inserted, not when they commit; the cursor must not depend on that order).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { storeKinds } from '../helpers/databases.js';
import { getLogs, iso, logsUrl, markerEvent, readAll, writeEvents, writeMarkers, LOGS_TEST_CONFIG, type LogPageResult } from './logs-fixtures.js';

const messages = (page: { events: readonly { displayMessage: string }[] }) => page.events.map((e) => e.displayMessage);

function parametersOf(link: string | undefined): URLSearchParams {
  assert.ok(link !== undefined, 'expected a link');
  return new URL(link).searchParams;
}

for (const kind of await storeKinds()) {
  describe(`System Log paging (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, { config: LOGS_TEST_CONFIG });
    });
    after(() => t.close());

    it('pages a bounded query with absolute links that repeat every parameter, and ends without an empty page', async () => {
      const since = iso(t.clock.now());
      await writeMarkers(t, ['bound-1', 'bound-2', 'bound-3', 'bound-4', 'bound-5', 'bound-6']);
      const until = iso(t.clock.now() + 1);
      const url = logsUrl({ since, until, filter: 'eventType eq "group.profile.update"', q: 'bound', limit: '3', sortOrder: 'ASCENDING' });
      const first = await getLogs(t, url);
      assert.deepEqual(messages(first), ['bound-1', 'bound-2', 'bound-3']);
      assert.equal(first.self, t.config.orgUrl + url);
      assert.ok(first.next?.startsWith(`${t.config.orgUrl}/api/v1/logs?`));
      const next = parametersOf(first.next);
      assert.deepEqual(
        [...next.keys()].sort(),
        ['after', 'filter', 'limit', 'q', 'sortOrder', 'until'],
        'the next link repeats every parameter but since, which the cursor carries (Okta refuses since with after)',
      );
      assert.equal(next.get('filter'), 'eventType eq "group.profile.update"');
      assert.equal(next.get('until'), until);
      const second = await getLogs(t, first.next ?? '');
      assert.deepEqual(messages(second), ['bound-4', 'bound-5', 'bound-6']);
      assert.equal(second.next, undefined, 'no next link after the last page');
    });

    it('pages DESCENDING from a fixed until: events written meanwhile do not appear', async () => {
      await writeMarkers(t, ['desc-1', 'desc-2', 'desc-3', 'desc-4', 'desc-5']);
      const first = await getLogs(t, logsUrl({ q: 'desc-', sortOrder: 'DESCENDING', limit: '2' }));
      assert.deepEqual(messages(first), ['desc-5', 'desc-4']);
      await writeMarkers(t, ['desc-6']);
      const second = await getLogs(t, first.next ?? '');
      assert.deepEqual(messages(second), ['desc-3', 'desc-2']);
      const third = await getLogs(t, second.next ?? '');
      assert.deepEqual(messages(third), ['desc-1']);
      assert.equal(third.next, undefined);
    });

    it('always returns next when polling (no until, ASCENDING), even on an empty page, as Okta', async () => {
      const empty = await getLogs(t, logsUrl({ q: 'poll-', limit: '2' }));
      assert.equal(empty.status, 200);
      assert.deepEqual(empty.events, []);
      assert.ok(empty.next !== undefined);
      const again = await getLogs(t, empty.next);
      assert.deepEqual(again.events, []);
      assert.ok(again.next !== undefined);
      await writeMarkers(t, ['poll-1', 'poll-2', 'poll-3']);
      const first = await getLogs(t, again.next);
      assert.deepEqual(messages(first), ['poll-1', 'poll-2']);
      const second = await getLogs(t, first.next ?? '');
      assert.deepEqual(messages(second), ['poll-3']);
      assert.ok(second.next !== undefined);
      const tail = await getLogs(t, second.next);
      assert.deepEqual(tail.events, []);
      await writeMarkers(t, ['poll-4']);
      assert.deepEqual(messages(await getLogs(t, tail.next ?? '')), ['poll-4']);
    });

    it('keeps the first page’s since on every following page', async () => {
      const now = t.clock.now();
      const first = await getLogs(t, logsUrl({ q: 'kept-', since: iso(now) }));
      assert.deepEqual(first.events, []);
      assert.equal(parametersOf(first.next).has('since'), false);
      t.clock.set(now - 3_600_000);
      await writeMarkers(t, ['kept-before-since']);
      t.clock.set(now);
      await writeMarkers(t, ['kept-after-since']);
      assert.deepEqual(messages(await getLogs(t, first.next ?? '')), ['kept-after-since']);
    });

    it('refuses a cursor that is malformed, altered, forged or replayed against another query', async () => {
      await writeMarkers(t, ['cur-1', 'cur-2', 'cur-3']);
      const base = { q: 'cur-', limit: '1', until: iso(t.clock.now() + 1) };
      const first = await getLogs(t, logsUrl(base));
      const cursor = parametersOf(first.next).get('after') ?? '';
      assert.equal((await getLogs(t, logsUrl({ ...base, after: cursor }))).status, 200);
      const [payload = '', check = ''] = cursor.split('.');
      const flipped = payload.slice(0, -1) + (payload.endsWith('A') ? 'B' : 'A');
      const forged = Buffer.from(JSON.stringify({ p: 0, s: '1970-01-01T00:00:00.000Z' })).toString('base64url') + '.' + check;
      const bad: Record<string, string>[] = [
        { ...base, after: 'garbage' },
        { ...base, after: '' },
        { ...base, after: `${flipped}.${check}` },
        { ...base, after: forged },
        { ...base, after: cursor + 'x' },
        { ...base, q: 'cur-1', after: cursor },
        { ...base, until: iso(t.clock.now() + 2), after: cursor },
        { ...base, filter: 'eventType eq "x"', after: cursor },
        { ...base, sortOrder: 'DESCENDING', after: cursor },
      ];
      for (const parameters of bad) {
        const res = await t.request('GET', logsUrl(parameters));
        assert.equal(res.statusCode, 400, JSON.stringify(parameters));
        assert.equal(res.json().errorCode, 'E0000001');
        assert.match(res.json().errorCauses[0].errorSummary, /^after: /);
      }
    });

    it('sees every event exactly once while writers commit concurrently', async () => {
      const expected: string[] = [];
      let url = logsUrl({ q: 'conc-', limit: '7' });
      const seen = new Map<string, number>();
      async function poll(): Promise<number> {
        const page: LogPageResult = await getLogs(t, url);
        assert.equal(page.status, 200, page.response.body);
        assert.ok(page.next !== undefined, 'a polling page always has a next link');
        for (const message of messages(page)) seen.set(message, (seen.get(message) ?? 0) + 1);
        url = page.next;
        return page.events.length;
      }
      let writing = true;
      const writers = (async () => {
        for (let round = 0; round < 12; round += 1) {
          await Promise.all(
            Array.from({ length: 6 }, async (_, index) => {
              const marker = `conc-${round}-${index}`;
              const markers = index % 2 === 0 ? [marker, `${marker}-b`] : [marker];
              expected.push(...markers);
              await t.store.transaction(async (tx) => {
                await writeEvents(t, tx, [markerEvent(markers[0] ?? marker)]);
                // More statements in the transaction: on PostgreSQL, commits now interleave with inserts.
                await tx.users.get('00u00000000000000000');
                if (markers[1] !== undefined) await writeEvents(t, tx, [markerEvent(markers[1])]);
              });
            }),
          );
        }
      })().finally(() => {
        writing = false;
      });
      while (writing) await poll();
      await writers;
      while ((await poll()) > 0);
      assert.equal(expected.length, 108);
      assert.deepEqual([...seen.keys()].sort(), [...expected].sort());
      assert.deepEqual(
        [...seen.entries()].filter(([, count]) => count !== 1),
        [],
        'every event seen exactly once',
      );
    });

    if (kind === 'postgres') {
      // PostgreSQL only: SQLite has a single writer, so a second transaction cannot commit while
      // the first is open (and this test's gate would wait for it forever).
      it('hands out an event whose transaction commits after a later-numbered one', async () => {
        const start = await getLogs(t, logsUrl({ q: 'gate-' }));
        let release = (): void => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let inserted = (): void => undefined;
        const insertedA = new Promise<void>((resolve) => (inserted = resolve));
        const transactionA = t.store.transaction(async (tx) => {
          await writeEvents(t, tx, [markerEvent('gate-A')]);
          inserted();
          await gate;
        });
        await insertedA;
        await writeMarkers(t, ['gate-B']);
        const first = await getLogs(t, start.next ?? '');
        assert.deepEqual(messages(first), ['gate-B']);
        release();
        await transactionA;
        const second = await getLogs(t, first.next ?? '');
        assert.deepEqual(messages(second), ['gate-A'], 'the event committed last is handed out after the cursor, not skipped');
        const rows = await t.database.db
          .selectFrom('log_events')
          .select(['display_message', 'seq', 'position'])
          .where('display_message', 'in', ['gate-A', 'gate-B'])
          .orderBy('display_message')
          .execute();
        const [a, b] = rows;
        assert.ok(a !== undefined && b !== undefined && a.seq < b.seq, 'A was numbered first: a cursor on seq would have skipped it');
        assert.ok(a.position !== null && b.position !== null && a.position > b.position, 'positions follow commit order');
      });
    }

    it('reads to the end of a bounded query without repeats', async () => {
      const since = iso(t.clock.now());
      const markers = Array.from({ length: 25 }, (_, i) => `all-${String(i).padStart(2, '0')}`);
      await writeMarkers(t, markers);
      const events = await readAll(t, logsUrl({ q: 'all-', since, until: iso(t.clock.now() + 1), limit: '4' }));
      assert.deepEqual(
        events.map((e) => e.displayMessage),
        markers,
      );
    });
  });
}
