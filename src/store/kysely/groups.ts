/** GroupRepository over Kysely (both dialects), memberships included. */
import { sql, type Kysely, type Selectable } from 'kysely';
import { escapeLikePattern, filterToSql, type ColumnTarget } from '../../filter/to-sql.js';
import type { FilterNode } from '../../filter/ast.js';
import { nameKey } from '../keys.js';
import { textOf, type GroupRecord, type GroupType, type UserRecord } from '../records.js';
import type { Database, GroupsTable } from '../schema.js';
import type { Page } from '../page.js';
import type { GroupListQuery, GroupRepository, GroupStatsRecord } from '../store.js';
import type { Dialect } from '../database.js';
import { jsonText } from './dialect-sql.js';
import { parseObject } from './json.js';
import { uniquely } from './sql-errors.js';
import { rowToUser } from './users.js';

const COLUMNS: Readonly<Record<string, keyof GroupsTable>> = {
  id: 'id',
  type: 'type',
  created: 'created',
  lastUpdated: 'last_updated',
  lastMembershipUpdated: 'last_membership_updated',
  'profile.name': 'name',
  'profile.description': 'description',
};

function groupToRow(group: GroupRecord): GroupsTable {
  const name = textOf(group.profile['name']);
  const description = group.profile['description'];
  return {
    id: group.id,
    type: group.type,
    name,
    name_key: nameKey(name),
    description: typeof description === 'string' ? description : null,
    profile: JSON.stringify(group.profile),
    created: group.created,
    last_updated: group.lastUpdated,
    last_membership_updated: group.lastMembershipUpdated,
  };
}

function rowToGroup(row: Selectable<GroupsTable>): GroupRecord {
  return {
    id: row.id,
    type: row.type as GroupType,
    profile: parseObject(row.profile),
    created: row.created,
    lastUpdated: row.last_updated,
    lastMembershipUpdated: row.last_membership_updated,
  };
}

export class KyselyGroupRepository implements GroupRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async insert(group: GroupRecord): Promise<void> {
    await uniquely('group.name', () => this.db.insertInto('groups').values(groupToRow(group)).execute());
  }

  async get(id: string): Promise<GroupRecord | undefined> {
    const row = await this.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToGroup(row);
  }

  async update(id: string, change: (current: GroupRecord) => GroupRecord): Promise<GroupRecord | undefined> {
    // The read and the write in one transaction: PostgreSQL holds the row lock until the commit,
    // and SQLite's one connection runs one transaction at a time, so no concurrent change is lost.
    if (!this.db.isTransaction) return this.db.transaction().execute((trx) => new KyselyGroupRepository(trx, this.dialect).update(id, change));
    let query = this.db.selectFrom('groups').selectAll().where('id', '=', id);
    if (this.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (row === undefined) return undefined;
    const values = groupToRow(change(rowToGroup(row)));
    await uniquely('group.name', () => this.db.updateTable('groups').set(values).where('id', '=', id).execute());
    return rowToGroup(values);
  }

  async delete(id: string): Promise<boolean> {
    await this.db.deleteFrom('group_members').where('group_id', '=', id).execute();
    const result = await this.db.deleteFrom('groups').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async list(query: GroupListQuery): Promise<GroupRecord[]> {
    let select = this.db.selectFrom('groups').selectAll();
    if (query.filter !== undefined) select = select.where(this.compile(query.filter));
    if (query.q !== undefined && query.q !== '') {
      // Okta `q`: a case-insensitive prefix of the name, exact matches first. The folded
      // `name_key` is compared, so the match agrees with the uniqueness rule (keys.ts).
      const key = nameKey(query.q);
      select = select
        .where(sql<boolean>`name_key LIKE ${escapeLikePattern(key) + '%'} ESCAPE '\\'`)
        .orderBy(sql`CASE WHEN name_key = ${key} THEN 0 ELSE 1 END`)
        .orderBy('name_key');
    }
    if (query.after !== undefined) select = select.where('id', '>', query.after);
    const rows = await select.orderBy('id').limit(query.limit).execute();
    return rows.map(rowToGroup);
  }

  private compile(filter: FilterNode) {
    return filterToSql(filter, (attribute): ColumnTarget => {
      const column = COLUMNS[attribute];
      if (column !== undefined) return { expression: sql.ref(`groups.${column}`), caseInsensitive: column === 'name' || column === 'description' };
      // Any other profile attribute (search on custom attributes): read from the JSON profile.
      if (attribute.startsWith('profile.')) return { expression: jsonText(this.dialect, 'groups.profile', attribute.slice('profile.'.length)) };
      throw new Error(`group attribute ${attribute} has no column`);
    });
  }

  async addMember(groupId: string, userId: string, at: string): Promise<boolean> {
    const result = await this.db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId, created: at })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    await this.db.updateTable('groups').set({ last_membership_updated: at }).where('id', '=', groupId).execute();
    return true;
  }

  async removeMember(groupId: string, userId: string, at?: string): Promise<boolean> {
    const result = await this.db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    const removed = Number(result.numDeletedRows) > 0;
    // A removal changes the membership as much as an addition does (Okta `lastMembershipUpdated`).
    if (removed && at !== undefined) {
      await this.db.updateTable('groups').set({ last_membership_updated: at }).where('id', '=', groupId).execute();
    }
    return removed;
  }

  async listMembers(groupId: string, page: Page): Promise<UserRecord[]> {
    let select = this.db
      .selectFrom('group_members')
      .innerJoin('users', 'users.id', 'group_members.user_id')
      .selectAll('users')
      .where('group_members.group_id', '=', groupId);
    if (page.after !== undefined) select = select.where('users.id', '>', page.after);
    const rows = await select.orderBy('users.id').limit(page.limit).execute();
    return rows.map(rowToUser);
  }

  async listGroupsOfUser(userId: string, page: Page): Promise<GroupRecord[]> {
    let select = this.db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.id', 'group_members.group_id')
      .selectAll('groups')
      .where('group_members.user_id', '=', userId);
    if (page.after !== undefined) select = select.where('groups.id', '>', page.after);
    const rows = await select.orderBy('groups.id').limit(page.limit).execute();
    return rows.map(rowToGroup);
  }

  async statsOf(groupIds: readonly string[]): Promise<Map<string, GroupStatsRecord>> {
    const stats = new Map<string, GroupStatsRecord>();
    if (groupIds.length === 0) return stats;
    const ids = [...groupIds];
    const counts = await this.db
      .selectFrom('group_members')
      .select(['group_id', (eb) => eb.fn.countAll<string | number | bigint>().as('count')])
      .where('group_id', 'in', ids)
      .groupBy('group_id')
      .execute();
    const admins = await this.db
      .selectFrom('role_assignments')
      .select('principal_id')
      .distinct()
      .where('principal_type', '=', 'GROUP')
      .where('principal_id', 'in', ids)
      .execute();
    const countOf = new Map(counts.map((row) => [row.group_id, Number(row.count)]));
    const adminIds = new Set(admins.map((row) => row.principal_id));
    for (const id of ids) stats.set(id, { usersCount: countOf.get(id) ?? 0, hasAdminPrivilege: adminIds.has(id) });
    return stats;
  }
}
