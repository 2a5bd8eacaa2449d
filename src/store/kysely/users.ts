/** UserRepository over Kysely (both dialects). */
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { FilterNode } from '../../filter/ast.js';
import { filterToSql } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';
import { nameKey } from '../keys.js';
import { textOf, type UserRecord, type UserStatus } from '../records.js';
import type { Database, UsersTable } from '../schema.js';
import type { UserListQuery, UserRepository } from '../store.js';
import { profileAttributeTarget, typedProfileTerms } from './profile-attributes.js';
import { parseObject } from './json.js';
import { prefixRange, type PrefixRange } from './prefix-range.js';
import { profileValueTarget, profileValueTerms, writeProfileValues } from './profile-values.js';
import { uniquely } from './sql-errors.js';

const COLUMNS: Readonly<Record<string, keyof UsersTable>> = {
  id: 'id',
  status: 'status',
  created: 'created',
  activated: 'activated',
  statusChanged: 'status_changed',
  lastUpdated: 'last_updated',
  lastLogin: 'last_login',
  passwordChanged: 'password_changed',
  'profile.login': 'login',
  'profile.email': 'email',
  'profile.firstName': 'first_name',
  'profile.lastName': 'last_name',
};

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function userToRow(user: UserRecord): UsersTable {
  const login = textOf(user.profile['login']);
  return {
    id: user.id,
    status: user.status,
    login,
    login_key: nameKey(login),
    email: text(user.profile['email']),
    first_name: text(user.profile['firstName']),
    last_name: text(user.profile['lastName']),
    profile: JSON.stringify(user.profile),
    password_hash: user.passwordHash,
    created: user.created,
    activated: user.activated,
    status_changed: user.statusChanged,
    last_login: user.lastLogin,
    last_updated: user.lastUpdated,
    password_changed: user.passwordChanged,
    version: user.version,
  };
}

export function rowToUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    status: row.status as UserStatus,
    profile: parseObject(row.profile),
    passwordHash: row.password_hash,
    created: row.created,
    activated: row.activated,
    statusChanged: row.status_changed,
    lastLogin: row.last_login,
    lastUpdated: row.last_updated,
    passwordChanged: row.password_changed,
    version: Number(row.version),
  };
}

/** What `q` matches the start of, each through its `lower(…)` index (migration 2026-11-28T17-00). */
const Q_COLUMNS = ['first_name', 'last_name', 'email'] as const;

/** Pseudo-attribute: the folded login key (unique index), see {@link loginByKey}. */
const LOGIN_KEY = '#login_key';

/**
 * `profile.login eq "x"` is answered from the unique `login_key` index (NFKC + case folded, the
 * same key that makes logins unique), instead of scanning `lower(login)`: the cheap path for
 * the SDK's `search=profile.login eq "…"` look-ups, and it finds exactly the user that owns the login.
 */
function loginByKey(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, left: loginByKey(node.left), right: loginByKey(node.right) };
    case 'not':
      return { ...node, operand: loginByKey(node.operand) };
    case 'present':
      return node;
    case 'compare':
      return node.attribute === 'profile.login' && node.operator === 'eq' && typeof node.value === 'string'
        ? { ...node, attribute: LOGIN_KEY, value: nameKey(node.value) }
        : node;
  }
}

export class KyselyUserRepository implements UserRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(user: UserRecord): Promise<void> {
    await this.atomically(async (db) => {
      await uniquely('login', () => db.insertInto('users').values(userToRow(user)).execute());
      await writeProfileValues(db, user.id, user.profile, false);
    });
  }

  async get(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToUser(row);
  }

  async getByLogin(login: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('login_key', '=', nameKey(login)).executeTakeFirst();
    return row === undefined ? undefined : rowToUser(row);
  }

  async update(id: string, change: (current: UserRecord) => UserRecord): Promise<UserRecord | undefined> {
    // The read and the write in one transaction: PostgreSQL holds the row lock until the commit,
    // and SQLite's one connection runs one transaction at a time, so no concurrent change is lost.
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyUserRepository(trx, this.dialect).update(id, change));
    let query = this.db.selectFrom('users').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const next = change(rowToUser(row));
    const values = userToRow({ ...next, version: Number(row.version) + 1 });
    await this.atomically(async (db) => {
      await uniquely('login', () => db.updateTable('users').set(values).where('id', '=', id).execute());
      if (values.profile !== row.profile) await writeProfileValues(db, id, next.profile, true);
    });
    return rowToUser(values);
  }

  /** Runs `work` in the caller's transaction, or in one of its own. */
  private atomically(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
    return this.db.isTransaction ? work(this.db) : this.db.transaction().execute(work);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(query: UserListQuery): Promise<UserRecord[]> {
    let select = this.db.selectFrom('users').selectAll();
    if (query.excludeStatuses !== undefined && query.excludeStatuses.length > 0) {
      select = select.where('status', 'not in', [...query.excludeStatuses]);
    }
    if (query.filter !== undefined) {
      const where = this.compile(query.filter, query.after);
      select = select.where(where);
    }
    const q = query.q === '' ? undefined : query.q;
    if (q !== undefined) {
      const range = prefixRange(q.toLowerCase(), this.dialect === 'postgres' ? 'replaced' : 'kept');
      const branches = Q_COLUMNS.map((column) => this.startsWith(sql`lower(${sql.ref(`users.${column}`)})`, range));
      select = select.where(sql<SqlBool>`(${sql.join(branches, sql` OR `)})`);
    }
    if (query.after !== undefined) {
      // SQLite has no statistics and would rather walk the primary key from the cursor (no sort)
      // than search the three q indexes; the unary + keeps the cursor out of index choice there.
      const pastCursor = q !== undefined && this.dialect === 'sqlite' ? sql<SqlBool>`+users.id > ${query.after}` : sql<SqlBool>`users.id > ${query.after}`;
      select = select.where(pastCursor);
    }
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToUser);
  }

  /**
   * `folded` starts with the range's prefix, as a range an index on `folded` answers (the same
   * rows as `folded LIKE 'prefix%'`, wildcards in the prefix taken literally).
   */
  private startsWith(folded: RawBuilder<unknown>, range: PrefixRange): RawBuilder<SqlBool> {
    // PostgreSQL compares text in the database's collation; the byte-wise operators of
    // `text_pattern_ops` (the indexes' operator class) keep the range contiguous in any locale.
    const [ge, lt] = this.dialect === 'postgres' ? [sql.raw('~>=~'), sql.raw('~<~')] : [sql.raw('>='), sql.raw('<')];
    if (range.to === undefined) return sql<SqlBool>`(${folded} ${ge} ${range.from})`;
    return sql<SqlBool>`(${folded} ${ge} ${range.from} AND ${folded} ${lt} ${range.to})`;
  }

  private compile(filter: FilterNode, after: string | undefined) {
    const isColumn = (attribute: string): boolean => COLUMNS[attribute] !== undefined || attribute === LOGIN_KEY;
    const terms = profileValueTerms(loginByKey(filter), isColumn);
    return filterToSql(
      typedProfileTerms(terms, (attribute) => isColumn(attribute) || profileValueTarget(attribute) !== undefined),
      (attribute) => {
        if (attribute === LOGIN_KEY) return { expression: sql.ref('users.login_key') };
        const indexed = profileValueTarget(attribute, after);
        if (indexed !== undefined) return indexed;
        const column = COLUMNS[attribute];
        if (column !== undefined) {
          const caseInsensitive = column === 'login' || column === 'email';
          return { expression: sql.ref(`users.${column}`), caseInsensitive };
        }
        // Any other profile attribute (search): read from the JSON profile.
        return profileAttributeTarget(this.dialect, attribute);
      },
    );
  }
}
