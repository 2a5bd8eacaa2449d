/** UserRepository over Kysely (both dialects). */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { FilterNode } from '../../filter/ast.js';
import { escapeLikePattern, filterToSql } from '../../filter/to-sql.js';
import type { Dialect } from '../database.js';
import { nameKey } from '../keys.js';
import type { JsonObject, UserRecord, UserStatus } from '../records.js';
import type { Database, UsersTable } from '../schema.js';
import type { UserListQuery, UserRepository } from '../store.js';
import { profileAttributeTarget, typedProfileTerms } from './profile-attributes.js';
import { parseObject } from './json.js';
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
  const login = String(user.profile['login']);
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
    profile: parseObject(row.profile) as JsonObject,
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
    await uniquely('login', () => this.db.insertInto('users').values(userToRow(user)).execute());
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
    let query = this.db.selectFrom('users').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const next = change(rowToUser(row));
    const values = userToRow({ ...next, version: Number(row.version) + 1 });
    await uniquely('login', () => this.db.updateTable('users').set(values).where('id', '=', id).execute());
    return rowToUser(values);
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
      const where = this.compile(query.filter);
      select = select.where(where);
    }
    if (query.q !== undefined && query.q !== '') {
      const prefix = escapeLikePattern(query.q.toLowerCase()) + '%';
      select = select.where(
        sql<boolean>`(lower(first_name) LIKE ${prefix} ESCAPE '\\' OR lower(last_name) LIKE ${prefix} ESCAPE '\\' OR lower(email) LIKE ${prefix} ESCAPE '\\')`,
      );
    }
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToUser);
  }

  private compile(filter: FilterNode) {
    return filterToSql(typedProfileTerms(loginByKey(filter), (attribute) => COLUMNS[attribute] !== undefined || attribute === LOGIN_KEY), (attribute) => {
      if (attribute === LOGIN_KEY) return { expression: sql.ref('users.login_key') };
      const column = COLUMNS[attribute];
      if (column !== undefined) {
        const caseInsensitive = column === 'login' || column === 'email';
        return { expression: sql.ref(`users.${column}`), caseInsensitive };
      }
      // Any other profile attribute (search): read from the JSON profile.
      return profileAttributeTarget(this.dialect, attribute);
    });
  }
}
