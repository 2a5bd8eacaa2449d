import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, type RawBuilder, type SqlBool, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { FilterNode } from './ast.js';
import { FilterError } from './errors.js';
import { parseFilter } from './parse.js';
import { type AttributeRule, type FilterPolicy, attributeTable } from './policy.js';
import { type ColumnTarget, escapeLikePattern, filterToSql } from './to-sql.js';

interface UsersTable {
  id: string;
  status: string;
  login: string;
  first_name: string;
  age: number | null;
  admin: number;
  verified: boolean | number;
  last_updated: string;
  nickname: string | null;
}

interface Schema {
  users: UsersTable;
}

const TEXT: AttributeRule = { operators: ['eq', 'ne', 'sw', 'co', 'ew', 'pr', 'gt', 'lt'], type: 'string' };

const POLICY: FilterPolicy = {
  allowNot: true,
  attributes: attributeTable({
    status: TEXT,
    lastUpdated: { operators: ['eq', 'gt', 'ge', 'lt', 'le'], type: 'datetime' },
    'profile.login': TEXT,
    'profile.firstName': TEXT,
    'profile.nickName': TEXT,
    'profile.age': { operators: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr'], type: 'number' },
    'profile.admin': { operators: ['eq', 'ne'], type: 'boolean' },
    'profile.verified': { operators: ['eq', 'ne'], type: 'boolean' },
  }),
};

const COLUMNS = new Map<string, ColumnTarget>([
  ['status', { expression: sql.ref('users.status') }],
  ['lastUpdated', { expression: sql.ref('users.last_updated') }],
  ['profile.login', { expression: sql.ref('users.login'), caseInsensitive: true }],
  ['profile.firstName', { expression: sql.ref('users.first_name') }],
  ['profile.nickName', { expression: sql.ref('users.nickname') }],
  ['profile.age', { expression: sql.ref('users.age') }],
  ['profile.admin', { expression: sql.ref('users.admin') }],
  ['profile.verified', { expression: sql.ref('users.verified') }],
]);

function resolve(attribute: string): ColumnTarget {
  const target = COLUMNS.get(attribute);
  if (target === undefined) throw new Error(`test resolver has no column for ${attribute}`);
  return target;
}

const SPECIAL = `50%_off's "deal" \\ now`;

const ROWS: ReadonlyArray<Omit<UsersTable, 'verified'> & { verified: boolean }> = [
  {
    id: 'u1',
    status: 'ACTIVE',
    login: 'alice@example.com',
    first_name: 'Alice',
    age: 30,
    admin: 1,
    verified: true,
    last_updated: '2024-01-01T00:00:00.000Z',
    nickname: 'Al',
  },
  {
    id: 'u2',
    status: 'SUSPENDED',
    login: 'bob@example.com',
    first_name: 'Bob',
    age: 20,
    admin: 0,
    verified: false,
    last_updated: '2024-06-01T12:00:00.000Z',
    nickname: null,
  },
  {
    id: 'u3',
    status: 'ACTIVE',
    login: 'carol@example.org',
    first_name: 'Carol',
    age: null,
    admin: 0,
    verified: true,
    last_updated: '2023-01-01T00:00:00.000Z',
    nickname: SPECIAL,
  },
  {
    id: 'u4',
    status: 'ACTIVE',
    login: 'DAVE@EXAMPLE.COM',
    first_name: 'dave',
    age: 22,
    admin: 1,
    verified: false,
    last_updated: '2025-03-01T08:30:00.000Z',
    nickname: '50 percent off',
  },
  {
    id: 'u5',
    status: 'DEPROVISIONED',
    login: 'eve@example.net',
    first_name: 'Ève',
    age: 41,
    admin: 0,
    verified: false,
    last_updated: '2024-01-01T00:00:00.001Z',
    nickname: '5000_off',
  },
];

/** [filter, ids it selects]. Each runs on every dialect. */
const CASES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['status eq "ACTIVE"', ['u1', 'u3', 'u4']],
  ['status ne "ACTIVE"', ['u2', 'u5']],
  ['status eq "active"', []],
  ['status gt "E"', ['u2']],
  // Precedence: and before or; parentheses change the answer.
  ['status eq "SUSPENDED" or profile.admin eq true and profile.age gt 25', ['u1', 'u2']],
  ['(status eq "SUSPENDED" or profile.admin eq true) and profile.age gt 25', ['u1']],
  ['status eq "ACTIVE" and (profile.age lt 25 or profile.age gt 25)', ['u1', 'u4']],
  // Numbers, booleans (bound as 1/0, also against a PostgreSQL boolean column), null.
  ['profile.age ge 30', ['u1', 'u5']],
  ['profile.age le 22', ['u2', 'u4']],
  ['profile.age eq 22.0', ['u4']],
  ['profile.age pr', ['u1', 'u2', 'u4', 'u5']],
  ['profile.admin eq true', ['u1', 'u4']],
  ['profile.admin ne true', ['u2', 'u3', 'u5']],
  ['profile.verified eq true', ['u1', 'u3']],
  ['profile.verified eq false', ['u2', 'u4', 'u5']],
  ['profile.nickName ne "Al"', ['u3', 'u4', 'u5']],
  ['profile.nickName eq null', ['u2']],
  ['profile.nickName ne null', ['u1', 'u3', 'u4', 'u5']],
  ['profile.nickName pr', ['u1', 'u3', 'u4', 'u5']],
  // Date-times are normalised, offsets included.
  ['lastUpdated gt "2024-01-01T00:00:00Z"', ['u2', 'u4', 'u5']],
  ['lastUpdated ge "2024-01-01T00:00:00.000Z"', ['u1', 'u2', 'u4', 'u5']],
  ['lastUpdated eq "2024-01-01T01:00:00+01:00"', ['u1']],
  ['lastUpdated lt "2024-01-01T00:00:00.001Z"', ['u1', 'u3']],
  // not is two-valued: a NULL comparison counts as false, so rows without a value stay in.
  ['not (profile.nickName eq "Al")', ['u2', 'u3', 'u4', 'u5']],
  ['not (status eq "ACTIVE" or profile.age gt 40)', ['u2']],
  ['not profile.age gt 25 and status eq "ACTIVE"', ['u3', 'u4']],
  // Case-insensitive attribute: both sides lower-cased.
  ['profile.login eq "dave@example.com"', ['u4']],
  ['profile.login eq "ALICE@example.COM"', ['u1']],
  ['profile.login sw "ALICE"', ['u1']],
  ['profile.login co "EXAMPLE.ORG"', ['u3']],
  ['profile.login ew ".COM"', ['u1', 'u2', 'u4']],
  // Case-sensitive attribute: same answer on SQLite (whose LIKE folds ASCII) and PostgreSQL.
  ['profile.firstName sw "Al"', ['u1']],
  ['profile.firstName sw "al"', []],
  ['profile.firstName ew "ob"', ['u2']],
  ['profile.firstName ew "OB"', []],
  ['profile.firstName co "aro"', ['u3']],
  ['profile.firstName co "ARO"', []],
  ['profile.firstName sw "è"', []],
  ['profile.firstName sw "È"', ['u5']],
  ['profile.firstName co ""', ['u1', 'u2', 'u3', 'u4', 'u5']],
  ['profile.firstName eq "Dave"', []],
  // LIKE wildcards and quotes in values are literal.
  ['profile.nickName co "%"', ['u3']],
  ['profile.nickName co "_"', ['u3', 'u5']],
  ['profile.nickName sw "50%"', ['u3']],
  ['profile.nickName sw "5_"', []],
  ['profile.nickName co "\'"', ['u3']],
  ['profile.nickName co "\\""', ['u3']],
  ['profile.nickName ew "\\\\ now"', ['u3']],
  ['profile.nickName co "\\\\"', ['u3']],
  [`profile.nickName eq ${JSON.stringify(SPECIAL)}`, ['u3']],
  // Injection attempts are just strings that match nothing.
  ['profile.nickName eq "\\" or 1=1 --"', []],
  ["status eq \"x' OR '1'='1\"", []],
  ['status eq "ACTIVE\'; DROP TABLE users; --"', []],
  ['profile.login co "%\' or 1=1 --"', []],
];

interface Target {
  readonly name: string;
  open(): Promise<Kysely<Schema>>;
  close(db: Kysely<Schema>): Promise<void>;
  readonly timestamp: string;
  readonly boolean: string;
}

const POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** libpq falls back to the OS user when the URL names none; pg reads `$USER`, which may be unset. */
function withUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '') parsed.username = userInfo().username;
  return parsed.toString();
}

const TARGETS: readonly Target[] = [
  {
    name: 'SQLite',
    timestamp: 'text',
    boolean: 'integer',
    open: async () => new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) }),
    close: (db) => db.destroy(),
  },
  (() => {
    const schema = `filter_test_${randomBytes(6).toString('hex')}`;
    return {
      name: 'PostgreSQL',
      timestamp: 'timestamptz',
      boolean: 'boolean',
      open: async () => {
        // No skip when PostgreSQL is unreachable: the connection error fails the suite.
        const pool = new pg.Pool({
          connectionString: withUser(POSTGRES_URL),
          options: `-c search_path=${schema}`,
          max: 2,
          connectionTimeoutMillis: 5_000,
        });
        const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
        try {
          await sql`create schema ${sql.id(schema)}`.execute(db);
        } catch (error) {
          await db.destroy();
          const { host, pathname } = new URL(POSTGRES_URL);
          const reason = error instanceof Error ? error.message : String(error);
          throw new Error(`PostgreSQL at ${host}${pathname} is required for this suite: ${reason}`, { cause: error });
        }
        return db;
      },
      close: async (db) => {
        try {
          await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
        } finally {
          await db.destroy();
        }
      },
    };
  })(),
];

async function selectIds(db: Kysely<Schema>, condition: RawBuilder<SqlBool>): Promise<string[]> {
  const rows = await db.selectFrom('users').select('id').where(condition).orderBy('id').execute();
  return rows.map((row) => row.id);
}

for (const target of TARGETS) {
  describe(`filterToSql on ${target.name}`, () => {
    let connection: Kysely<Schema> | undefined;
    const db = (): Kysely<Schema> => {
      if (connection === undefined) throw new Error(`${target.name} connection was not opened`);
      return connection;
    };

    before(async () => {
      connection = await target.open();
      await sql`
        create table users (
          id text primary key,
          status text not null,
          login text not null,
          first_name text not null,
          age integer,
          admin integer not null,
          verified ${sql.raw(target.boolean)} not null,
          last_updated ${sql.raw(target.timestamp)} not null,
          nickname text
        )`.execute(connection);
      const rows = ROWS.map((row) => ({ ...row, verified: target.boolean === 'boolean' ? row.verified : Number(row.verified) }));
      await connection.insertInto('users').values(rows).execute();
    });

    after(async () => {
      if (connection !== undefined) await target.close(connection);
    });

    for (const [filter, expected] of CASES) {
      it(`${filter} → [${expected.join(', ')}]`, async () => {
        const condition = filterToSql(parseFilter(filter, POLICY), resolve);
        assert.deepEqual(await selectIds(db(), condition), expected);
      });
    }

    it('leaves the table intact after the injection attempts', async () => {
      const count = await db()
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), ROWS.length);
    });
  });
}

describe('filterToSql: SQL shape', () => {
  const compiler = new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  const compile = (filter: string): { sql: string; parameters: readonly unknown[] } => {
    const query = compiler
      .selectFrom('users')
      .select('id')
      .where(filterToSql(parseFilter(filter, POLICY), resolve));
    const { sql: text, parameters } = query.compile();
    return { sql: text.slice(text.indexOf(' where ') + 7), parameters };
  };

  after(() => compiler.destroy());

  it('binds every value as a parameter', () => {
    const attempt = compile('profile.nickName eq "\\" or 1=1 --" or status sw "\'--" or profile.login co "x%_\\\\"');
    assert.equal(
      attempt.sql,
      `(("users"."nickname" = ?) or ("users"."status" like ? escape '\\' and substr("users"."status", 1, ?) = ?)` +
        ` or (lower("users"."login") like lower(?) escape '\\'))`,
    );
    assert.deepEqual(attempt.parameters, ['" or 1=1 --', "'--%", 3, "'--", '%x\\%\\_\\\\%']);
  });

  it('compiles null, presence and booleans', () => {
    assert.deepEqual(compile('profile.nickName eq null'), { sql: '("users"."nickname" is null)', parameters: [] });
    assert.deepEqual(compile('profile.nickName ne null'), { sql: '("users"."nickname" is not null)', parameters: [] });
    assert.deepEqual(compile('profile.nickName pr'), { sql: '("users"."nickname" is not null)', parameters: [] });
    assert.deepEqual(compile('profile.admin eq true'), { sql: '("users"."admin" = ?)', parameters: [1] });
    assert.deepEqual(compile('profile.admin ne false'), { sql: '("users"."admin" <> ?)', parameters: [0] });
  });

  it('compiles every ordering operator', () => {
    const symbols = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;
    for (const [operator, symbol] of Object.entries(symbols)) {
      assert.deepEqual(compile(`profile.age ${operator} 5`), { sql: `("users"."age" ${symbol} ?)`, parameters: [5] });
    }
    assert.deepEqual(compile('profile.login eq "A"'), { sql: '(lower("users"."login") = lower(?))', parameters: ['A'] });
  });

  it('flattens chains and parenthesises groups', () => {
    assert.equal(
      compile('status eq "a" and status eq "b" and (status eq "c" or status eq "d" or not status eq "e")').sql,
      '(("users"."status" = ?) and ("users"."status" = ?) and (("users"."status" = ?) or ("users"."status" = ?)' +
        ' or (not coalesce(("users"."status" = ?), false))))',
    );
  });

  it('rejects an AST the parser would not produce', () => {
    const bad: FilterNode[] = [
      { kind: 'compare', attribute: 'status', operator: 'gt', value: null },
      { kind: 'compare', attribute: 'status', operator: 'sw', value: 5 },
    ];
    for (const node of bad) assert.throws(() => filterToSql(node, resolve), FilterError);
  });
});

describe('escapeLikePattern', () => {
  it('escapes %, _ and the escape character', () => {
    assert.equal(escapeLikePattern('a%b_c\\d'), 'a\\%b\\_c\\\\d');
    assert.equal(escapeLikePattern('plain'), 'plain');
    assert.equal(escapeLikePattern(''), '');
  });
});
