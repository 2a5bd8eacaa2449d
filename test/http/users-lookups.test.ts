/**
 * The user look-ups that must stay index look-ups as the org grows (issue #2): `filter` and
 * `search` on `profile.email`, `profile.firstName` and `profile.lastName` with `eq`, and `q`.
 * Their answers are what they were before the indexes (the `LIKE` that `q` used to compile to is
 * kept here as the reference), and the database's own plan shows an index search, not a scan.
 */
import { textOf } from '../../src/store/records.js';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, createQueryId, sql } from 'kysely';
import { escapeLikePattern } from '../../src/filter/to-sql.js';
import { KyselyUserRepository } from '../../src/store/kysely/users.js';
import type { UserRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { LastQuery } from '../helpers/last-query.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, createUser, userRecord, type UserJson } from './users-fixtures.js';

/** Names chosen to sit at the edges of case folding, of `LIKE` wildcards and of code-point order. */
const NAMES: readonly (readonly [string, string])[] = [
  ['Ada', 'Lovelace'],
  ['ada', 'LOVELACE'],
  ['ADAM', 'Smith'],
  ['Émile', 'Zola'],
  ['émile', 'Ångström'],
  ['Straße', 'ß-Nachname'],
  ['Ωmega', 'σίγμα'],
  ['a%b', 'under_score'],
  ['a_b', 'back\\slash'],
  ['a\\b', 'percent%'],
  ['ab', 'u_nder'],
  ['\u{1F600}smile', 'emoji'],
  ['\uffffhigh', 'bmp-end'],
  ['\ufffdreplacement', 'replacement'],
  ['\u{10000}astral', 'astral-start'],
  ['\u{10ffff}top', 'last-code-point'],
  ['\u{10ffff}\u{10ffff}', 'two-last'],
  ['\ud7ffpre', 'before-surrogates'],
  ['\ue000post', 'after-surrogates'],
  ['Zed', 'K\u212aelvin'],
];

/** Prefixes whose range bounds are awkward: wildcards, escapes, U+FFFF, U+10FFFF, surrogates. */
const PREFIXES: readonly string[] = [
  'a',
  'A',
  'ad',
  'ADA',
  'adam',
  'ada@',
  'é',
  'É',
  'émile',
  'å',
  'ß',
  'STRASSE',
  'ω',
  'Σ',
  '%',
  '_',
  '\\',
  'a%',
  'a_',
  'a\\',
  'u_',
  'percent%',
  '\u{1F600}',
  '\ud83d',
  '\uffff',
  '\ufffe',
  '\u{10000}',
  '\u{10ffff}',
  '\u{10ffff}\u{10ffff}',
  '\u{10ffff}t',
  '\ud7ff',
  '\ue000',
  'z',
  'K',
  '\u212a',
  'k',
  'nobody',
  'tester',
];

function record(index: number, firstName: string, lastName: string): UserRecord {
  const login = `user${String(index).padStart(3, '0')}@Lookup.Example`;
  const email = index % 2 === 0 ? login : `${firstName.slice(0, 8)}.${index}@Mixed.Example`;
  return userRecord(`00ulookup${String(index).padStart(11, '0')}`, { login, email, firstName, lastName }, '2026-11-28T17:00:00.000Z');
}

for (const kind of await storeKinds()) {
  describe(`users: indexed look-ups (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
      for (const [index, [firstName, lastName]] of NAMES.entries()) await t.store.users.insert(record(index, firstName, lastName));
    });
    after(() => t.close());

    async function ids(path: string): Promise<string[]> {
      const res = await t.request('GET', path);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<UserJson[]>().map((u) => u.id);
    }

    /** What `q` answered before the indexes: `lower(column) LIKE 'prefix%'`, wildcards escaped. */
    async function reference(q: string, limit: number): Promise<string[]> {
      const pattern = escapeLikePattern(q.toLowerCase()) + '%';
      const rows = await t.database.db
        .selectFrom('users')
        .select('id')
        .where(
          sql<boolean>`(lower(first_name) LIKE ${pattern} ESCAPE '\\' OR lower(last_name) LIKE ${pattern} ESCAPE '\\' OR lower(email) LIKE ${pattern} ESCAPE '\\')`,
        )
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    }

    it('finds a user by email in any case, with filter and with search, and keeps firstName and lastName exact', async () => {
      const user = await createUser(t, 'Grace.Hopper@Navy.Example', { password: null });
      for (const email of ['Grace.Hopper@Navy.Example', 'grace.hopper@navy.example', 'GRACE.HOPPER@NAVY.EXAMPLE']) {
        for (const parameter of ['filter', 'search']) {
          const found = await ids(`/api/v1/users?${parameter}=${encodeURIComponent(`profile.email eq "${email}"`)}`);
          assert.deepEqual(found, [user.id], `${parameter} ${email}`);
        }
      }
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent('profile.email eq "grace.hopper@navy"')}`), [], 'equality, not a prefix');
      // firstName and lastName compare exactly, as they always did.
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent('profile.firstName eq "Grace.Hopper"')}`), [user.id]);
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent('profile.firstName eq "grace.hopper"')}`), []);
      const zola = await ids(`/api/v1/users?filter=${encodeURIComponent('profile.lastName eq "Zola"')}`);
      assert.deepEqual(zola, [record(3, 'Émile', 'Zola').id]);
      // A mixed-case stored email is found by its folded form, and by nothing that only looks like it.
      const mixed = record(1, 'ada', 'LOVELACE');
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent(`profile.email eq "${textOf(mixed.profile['email']).toLowerCase()}"`)}`), [
        mixed.id,
      ]);
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent('profile.email eq "ada.1@mixed.example%"')}`), []);
      assert.deepEqual(await ids(`/api/v1/users?filter=${encodeURIComponent('profile.email eq "ada._@mixed.example"')}`), []);
    });

    it('answers q with the same users as the LIKE it replaced, for wildcards, Unicode and the top of the code space', async () => {
      for (const q of PREFIXES) {
        // SQLite's LIKE reads U+FFFE, U+FFFF and surrogates as U+FFFD, so `q=\uffff` used to
        // find "\ufffdreplacement" there (not on PostgreSQL); the range matches them exactly.
        if (kind === 'sqlite' && /[\ufffd-\uffff]|\p{Cs}/u.test(q)) continue;
        const listed = (await t.store.users.list({ q, limit: 200 })).map((u) => u.id);
        assert.deepEqual(listed, await reference(q, 200), `q=${JSON.stringify(q)}`);
      }
      // Spot checks a user would make, whatever the reference says.
      const byName = async (q: string): Promise<string[]> => {
        const res = await t.request('GET', `/api/v1/users?q=${encodeURIComponent(q)}&limit=200`);
        assert.equal(res.statusCode, 200, res.body);
        return res
          .json<UserJson[]>()
          .map((u) => String(u.profile['firstName']))
          .sort();
      };
      assert.deepEqual(await byName('ADA'), ['ADAM', 'Ada', 'ada']);
      assert.deepEqual(await byName('a%'), ['a%b']);
      assert.deepEqual(await byName('a_'), ['a_b']);
      assert.deepEqual(await byName('a\\'), ['a\\b']);
      assert.deepEqual(await byName('\uffff'), ['\uffffhigh']);
      assert.deepEqual(await byName('\ufffd'), ['\ufffdreplacement']);
      assert.deepEqual(await byName('\ufffe'), []);
      assert.deepEqual(await byName('\u{10ffff}'), ['\u{10ffff}top', '\u{10ffff}\u{10ffff}']);
      assert.deepEqual(await byName('\u{10ffff}\u{10ffff}'), ['\u{10ffff}\u{10ffff}']);
      assert.deepEqual(await byName('\ud7ff'), ['\ud7ffpre']);
    });

    it('pages through q results with after, in id order, as one long page would', async () => {
      for (const q of ['a', 'A', '\u{10ffff}', 'user0', '%']) {
        const all = (await t.store.users.list({ q, limit: 200 })).map((u) => u.id);
        const paged: string[] = [];
        for (let cursor: string | undefined; ;) {
          const page = await t.store.users.list({ q, limit: 2, ...(cursor === undefined ? {} : { after: cursor }) });
          paged.push(...page.map((u) => u.id));
          if (page.length < 2) break;
          cursor = page[page.length - 1]?.id;
        }
        assert.deepEqual(paged, all, `q=${JSON.stringify(q)}`);
        assert.deepEqual(all, await reference(q, 200));
        assert.deepEqual([...all].sort(), all, 'id order');
      }
    });

    it('looks users up through an index, not a scan, on email, firstName, lastName and q', async () => {
      // Enough users for PostgreSQL's planner to prefer an index (SQLite's needs no statistics).
      const extra: UserRecord[] = [];
      for (let index = 1000; index < 4000; index += 1) extra.push(record(index, `First${index}`, `Last${index}`));
      for (let start = 0; start < extra.length; start += 500) {
        await Promise.all(extra.slice(start, start + 500).map((user) => t.store.users.insert(user)));
      }
      if (kind === 'postgres') await sql`analyze users`.execute(t.database.db);

      const last = new LastQuery();
      const users = new KyselyUserRepository(t.database.db.withPlugin(last), t.database.dialect);
      const plan = async (): Promise<string> => {
        assert.ok(last.node !== undefined);
        const compiled = t.database.db.getExecutor().compileQuery(last.node, createQueryId());
        const explain = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
        const result = await t.database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
        return result.rows.map((row) => String(kind === 'sqlite' ? row['detail'] : row['QUERY PLAN'])).join('\n');
      };
      const assertIndexed = (text: string, indexes: readonly string[]): void => {
        for (const index of indexes) assert.match(text, new RegExp(`\\b${index}\\b`), text);
        assert.doesNotMatch(text, kind === 'sqlite' ? /\bSCAN users\b/ : /Seq Scan|users_pkey/, text);
      };

      const one = extra[1234];
      assert.ok(one !== undefined);
      const email = textOf(one.profile['email']);
      const filter = (attribute: string, value: string) => ({ kind: 'compare', attribute, operator: 'eq', value }) as const;

      assert.deepEqual(
        (await users.list({ filter: filter('profile.email', email.toUpperCase()), limit: 200, excludeStatuses: ['DEPROVISIONED'] })).map((u) => u.id),
        [one.id],
      );
      assertIndexed(await plan(), ['users_email_folded']);
      assert.deepEqual(
        (await users.list({ filter: filter('profile.firstName', 'First2234'), limit: 200 })).map((u) => u.id),
        [one.id],
      );
      assertIndexed(await plan(), ['users_first_name']);
      assert.deepEqual(
        (await users.list({ filter: filter('profile.lastName', 'Last2234'), limit: 200 })).map((u) => u.id),
        [one.id],
      );
      assertIndexed(await plan(), ['users_last_name']);

      const q = email.slice(0, 10).toUpperCase();
      assert.deepEqual(
        (await users.list({ q, limit: 10, excludeStatuses: ['DEPROVISIONED'] })).map((u) => u.id),
        await reference(q, 10),
      );
      assertIndexed(await plan(), ['users_first_name_folded', 'users_last_name_folded', 'users_email_folded']);
      await users.list({ q, limit: 10, after: one.id });
      assertIndexed(await plan(), ['users_first_name_folded', 'users_last_name_folded', 'users_email_folded']);
    });
  });
}
