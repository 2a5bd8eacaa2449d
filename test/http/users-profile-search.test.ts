/**
 * `search=profile.<custom attribute> eq …` through the `user_profile_values` side table: the same
 * users as the JSON path (type-strict, exact strings, numbers by value, any array element), kept
 * in step by create, update and delete, backfilled by its migration for users that predate it,
 * and answered from its index rather than by decoding every profile.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, createQueryId, sql } from 'kysely';
import { filterToSql } from '../../src/filter/to-sql.js';
import { parseUserExpression, USER_SEARCH_POLICY } from '../../src/management/users/filters.js';
import { profileAttributeTarget, typedProfileTerms } from '../../src/store/kysely/profile-attributes.js';
import { profileValueRows } from '../../src/store/kysely/profile-values.js';
import { KyselyUserRepository, userToRow } from '../../src/store/kysely/users.js';
import type { JsonObject, UserRecord } from '../../src/store/records.js';
import { storeKinds } from '../helpers/databases.js';
import { rerunMigration } from '../helpers/migrations.js';
import { LastQuery } from '../helpers/last-query.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { MANY_REQUESTS, createUser, userRecord, type UserJson } from './users-fixtures.js';

const LONG = 'L'.repeat(600);

/** Custom attributes at the edges: types that look alike, arrays, case, long strings, fractions. */
const PROFILES: readonly JsonObject[] = [
  { department: 'Engineering', age: 30, admin: true, tags: ['a', 'b'], mixed: [1, '1', true] },
  { department: 'engineering', age: 30.5, admin: false, tags: ['b', 'c', 'b'], mixed: '1' },
  { department: 'Sales', age: '30', admin: 'true', tags: 'a', frac: 0.1 },
  { Department: 'Engineering', age: 1e21, nickName: '', long: LONG },
  { department: 'Engineering ', age: -3, scores: [2, 2.5], mixed: [false, 0], big: 9007199254740991 },
  { department: null, tags: [], long: `${LONG}x`, note: 'é\u{1F600}\uffff' },
];

const SEARCHES: readonly string[] = [
  'profile.department eq "Engineering"',
  'profile.department eq "engineering"',
  'profile.department eq "Engineering "',
  'profile.Department eq "Engineering"',
  'profile.department eq "x"',
  'profile.department eq null',
  'profile.age eq 30',
  'profile.age eq 30.0',
  'profile.age eq "30"',
  'profile.age eq 30.5',
  'profile.age eq 1e21',
  'profile.age eq -3',
  'profile.admin eq true',
  'profile.admin eq false',
  'profile.admin eq "true"',
  'profile.tags eq "b"',
  'profile.tags eq "a"',
  'profile.scores eq 2',
  'profile.scores eq 2.50',
  'profile.mixed eq 1',
  'profile.mixed eq "1"',
  'profile.mixed eq true',
  'profile.mixed eq false',
  'profile.mixed eq 0',
  'profile.big eq 9007199254740991',
  'profile.frac eq 0.1',
  'profile.nickName eq ""',
  `profile.long eq "${LONG}"`,
  'profile.note eq "é\u{1F600}\uffff"',
  'profile.department eq "Engineering" or profile.age eq 30.5',
  'profile.department eq "Engineering" and profile.admin eq true',
  'not (profile.department eq "Engineering")',
  'not (profile.tags eq "b") and status eq "ACTIVE"',
  'profile.department sw "Eng" and profile.age eq 30',
  'profile.department pr and profile.tags eq "c"',
];

function record(index: number, custom: JsonObject): UserRecord {
  const login = `search${String(index).padStart(4, '0')}@example.com`;
  const profile = { login, email: login, firstName: 'Search', lastName: `User${index}`, ...custom };
  return userRecord(`00usearch${String(index).padStart(11, '0')}`, profile, '2026-11-28T17:10:00.000Z');
}

for (const kind of await storeKinds()) {
  describe(`users: search on custom attributes (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind, MANY_REQUESTS);
      for (const [index, custom] of PROFILES.entries()) await t.store.users.insert(record(index, custom));
    });
    after(() => t.close());

    async function searched(expression: string): Promise<string[]> {
      const res = await t.request('GET', `/api/v1/users?search=${encodeURIComponent(expression)}&limit=200`);
      assert.equal(res.statusCode, 200, res.body);
      return res
        .json<UserJson[]>()
        .map((u) => u.id)
        .filter((id) => id !== t.admin.user.id);
    }

    /** What `search` answered before the side table: every term read from the JSON profile. */
    async function reference(expression: string): Promise<string[]> {
      const node = typedProfileTerms(parseUserExpression(expression, USER_SEARCH_POLICY, 'search'), (attribute) => attribute === 'status');
      const condition = filterToSql(node, (attribute) =>
        attribute === 'status' ? { expression: sql.ref('users.status') } : profileAttributeTarget(t.database.dialect, attribute),
      );
      const rows = await t.database.db.selectFrom('users').select('id').where(condition).where('id', '<>', t.admin.user.id).orderBy('id').execute();
      return rows.map((row) => row.id);
    }

    it('finds the same users as the JSON profile does, type by type, element by element', async () => {
      for (const expression of SEARCHES) {
        const expected = await reference(expression);
        assert.deepEqual(await searched(expression), expected, expression);
      }
      // A few a user would check by eye.
      assert.deepEqual(await searched('profile.department eq "Engineering"'), [record(0, {}).id]);
      assert.deepEqual(await searched('profile.age eq 30'), [record(0, {}).id]);
      assert.deepEqual(await searched('profile.tags eq "b"'), [record(0, {}).id, record(1, {}).id]);
      assert.deepEqual(await searched(`profile.long eq "${LONG}"`), [record(3, {}).id]);
    });

    it('keeps the look-up in step when a user is created, updated, deactivated and deleted', async () => {
      const user = await createUser(t, 'mover@example.com', { password: null, extra: { costCenter: 'CC-1', skills: ['go', 'ts'] } });
      assert.deepEqual(await searched('profile.costCenter eq "CC-1"'), [user.id]);
      assert.deepEqual(await searched('profile.skills eq "ts"'), [user.id]);

      const partial = await t.request('POST', `/api/v1/users/${user.id}`, { body: { profile: { costCenter: 'CC-2', skills: ['rust'] } } });
      assert.equal(partial.statusCode, 200, partial.body);
      assert.deepEqual(await searched('profile.costCenter eq "CC-1"'), []);
      assert.deepEqual(await searched('profile.costCenter eq "CC-2"'), [user.id]);
      assert.deepEqual(await searched('profile.skills eq "ts"'), []);
      assert.deepEqual(await searched('profile.skills eq "rust"'), [user.id]);

      const replaced = await t.request('PUT', `/api/v1/users/${user.id}`, {
        body: { profile: { login: 'mover@example.com', email: 'mover@example.com', firstName: 'Mo', lastName: 'Ver', level: 3 } },
      });
      assert.equal(replaced.statusCode, 200, replaced.body);
      assert.deepEqual(await searched('profile.costCenter eq "CC-2"'), []);
      assert.deepEqual(await searched('profile.level eq 3'), [user.id]);

      assert.equal((await t.request('POST', `/api/v1/users/${user.id}/lifecycle/deactivate`)).statusCode, 200);
      assert.deepEqual(await searched('profile.level eq 3'), [user.id], 'search includes deactivated users');

      assert.equal((await t.request('DELETE', `/api/v1/users/${user.id}`)).statusCode, 204);
      assert.deepEqual(await searched('profile.level eq 3'), []);
      const left = await t.database.db.selectFrom('user_profile_values').select('name').where('user_id', '=', user.id).execute();
      assert.deepEqual(left, [], 'no values outlive their user');
    });

    it('backfills the users that existed before its migration', async () => {
      const db = t.database.db;
      // Back to the state before the migration, with users whose values are not in any side table.
      await sql`DROP TABLE user_profile_values`.execute(db);
      const old = record(100, { department: 'Archive', tags: ['x', 'y'], age: 77, ignored: null });
      await db.insertInto('users').values(userToRow(old)).execute();
      await rerunMigration(t, '2026-11-28T17-10_user-profile-values');

      assert.deepEqual(await searched('profile.department eq "Archive"'), [old.id]);
      assert.deepEqual(await searched('profile.tags eq "y"'), [old.id]);
      assert.deepEqual(await searched('profile.age eq 77'), [old.id]);
      for (const expression of SEARCHES) assert.deepEqual(await searched(expression), await reference(expression), `after backfill: ${expression}`);
    });

    it('answers eq on a custom attribute from the index, not by reading every profile', async () => {
      const extra: UserRecord[] = [];
      for (let index = 1000; index < 4000; index += 1) extra.push(record(index, { department: `D${index % 10}`, employeeNumber: String(index) }));
      // Written as the repository writes them, 500 users per statement (a few seconds saved).
      for (let start = 0; start < extra.length; start += 500) {
        const batch = extra.slice(start, start + 500);
        await t.database.db.insertInto('users').values(batch.map(userToRow)).execute();
        await t.database.db
          .insertInto('user_profile_values')
          .values(batch.flatMap((user) => profileValueRows(user.id, user.profile)))
          .execute();
      }
      if (kind === 'postgres') await sql`analyze users, user_profile_values`.execute(t.database.db);

      const last = new LastQuery();
      const users = new KyselyUserRepository(t.database.db.withPlugin(last), t.database.dialect);
      const filter = parseUserExpression('profile.employeeNumber eq "2345"', USER_SEARCH_POLICY, 'search');
      assert.deepEqual(
        (await users.list({ filter, limit: 200 })).map((u) => u.id),
        [record(2345, {}).id],
      );
      assert.ok(last.node !== undefined);
      const compiled = t.database.db.getExecutor().compileQuery(last.node, createQueryId());
      const explain = kind === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ';
      const result = await t.database.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
      const plan = result.rows.map((row) => String(kind === 'sqlite' ? row['detail'] : row['QUERY PLAN'])).join('\n');
      assert.match(plan, /\buser_profile_values_lookup\b/, plan);
      assert.doesNotMatch(plan, kind === 'sqlite' ? /\bSCAN (users|upv)\b/ : /Seq Scan/, plan);

      // Paging with the cursor: the same 300 users, in id order, as one long page.
      const department = parseUserExpression('profile.department eq "D3"', USER_SEARCH_POLICY, 'search');
      const all = (await users.list({ filter: department, limit: 1000 })).map((u) => u.id);
      assert.equal(all.length, 300);
      const paged: string[] = [];
      for (let cursor: string | undefined; ;) {
        const page = await users.list({ filter: department, limit: 70, ...(cursor === undefined ? {} : { after: cursor }) });
        paged.push(...page.map((u) => u.id));
        if (page.length < 70) break;
        cursor = page.at(-1)?.id;
      }
      assert.deepEqual(paged, all);
      assert.deepEqual([...all].sort(), all);
    });
  });
}
