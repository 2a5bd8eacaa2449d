/** RoleRepository over Kysely: assignments to users, groups and clients. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../database.js';
import type { PrincipalType, RoleAssignmentRecord } from '../records.js';
import type { Database, RoleAssignmentsTable } from '../schema.js';
import type { Page } from '../page.js';
import type { RoleRepository } from '../store.js';
import { uniquely } from './sql-errors.js';

/**
 * The PostgreSQL advisory lock that serializes changes able to take SUPER_ADMIN away. Without
 * it, two transactions could each remove one of the last two super administrators, each still
 * seeing the other in place (READ COMMITTED). One key per schema, as the System Log's lock, so
 * that two Tessera schemas in one database do not queue behind each other.
 */
const SUPER_ADMIN_LOCK = 'tessera.super_admins.';

function rowToAssignment(row: Selectable<RoleAssignmentsTable>): RoleAssignmentRecord {
  return {
    id: row.id,
    principalType: row.principal_type as PrincipalType,
    principalId: row.principal_id,
    roleType: row.role_type,
    created: row.created,
    lastUpdated: row.last_updated,
  };
}

export class KyselyRoleRepository implements RoleRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  async insert(a: RoleAssignmentRecord): Promise<void> {
    await uniquely('role', () =>
      this.db
        .insertInto('role_assignments')
        .values({
          id: a.id,
          principal_type: a.principalType,
          principal_id: a.principalId,
          role_type: a.roleType,
          created: a.created,
          last_updated: a.lastUpdated,
        })
        .execute(),
    );
  }

  async get(principalType: PrincipalType, principalId: string, id: string): Promise<RoleAssignmentRecord | undefined> {
    const row = await this.db
      .selectFrom('role_assignments')
      .selectAll()
      .where('id', '=', id)
      .where('principal_type', '=', principalType)
      .where('principal_id', '=', principalId)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToAssignment(row);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('role_assignments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async listFor(principalType: PrincipalType, principalId: string): Promise<RoleAssignmentRecord[]> {
    const rows = await this.db
      .selectFrom('role_assignments')
      .selectAll()
      .where('principal_type', '=', principalType)
      .where('principal_id', '=', principalId)
      .orderBy('created')
      .orderBy('id')
      .execute();
    return rows.map(rowToAssignment);
  }

  async listOfUser(userId: string): Promise<RoleAssignmentRecord[]> {
    const rows = await this.db
      .selectFrom('role_assignments')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('principal_type', '=', 'USER'), eb('principal_id', '=', userId)]),
          eb.and([
            eb('principal_type', '=', 'GROUP'),
            eb('principal_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
          ]),
        ]),
      )
      .orderBy('created')
      .orderBy('id')
      .execute();
    return rows.map(rowToAssignment);
  }

  async roleTypesOfUser(userId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('role_assignments')
      .select('role_type')
      .where((eb) =>
        eb.or([
          eb.and([eb('principal_type', '=', 'USER'), eb('principal_id', '=', userId)]),
          eb.and([
            eb('principal_type', '=', 'GROUP'),
            eb('principal_id', 'in', eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId)),
          ]),
        ]),
      )
      .execute();
    return [...new Set(rows.map((r) => r.role_type))];
  }

  async countActiveUsersWithRole(roleType: string): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('users.status', '=', 'ACTIVE')
      .where((eb) =>
        eb.or([
          eb('users.id', 'in', eb.selectFrom('role_assignments').select('principal_id').where('principal_type', '=', 'USER').where('role_type', '=', roleType)),
          eb(
            'users.id',
            'in',
            eb
              .selectFrom('group_members')
              .innerJoin('role_assignments', 'role_assignments.principal_id', 'group_members.group_id')
              .select('group_members.user_id')
              .where('role_assignments.principal_type', '=', 'GROUP')
              .where('role_assignments.role_type', '=', roleType),
          ),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listUserIdsWithRoles(page: Page): Promise<string[]> {
    let query = this.db
      .selectFrom('users')
      .select('users.id')
      .where((eb) =>
        eb.or([
          eb('users.id', 'in', eb.selectFrom('role_assignments').select('principal_id').where('principal_type', '=', 'USER')),
          eb(
            'users.id',
            'in',
            eb
              .selectFrom('group_members')
              .innerJoin('role_assignments', 'role_assignments.principal_id', 'group_members.group_id')
              .select('group_members.user_id')
              .where('role_assignments.principal_type', '=', 'GROUP'),
          ),
        ]),
      );
    if (page.after !== undefined) query = query.where('users.id', '>', page.after);
    const rows = await query.orderBy('users.id').limit(page.limit).execute();
    return rows.map((row) => row.id);
  }

  async lockSuperAdmins(): Promise<void> {
    // SQLite runs one write transaction at a time already; PostgreSQL needs the lock, held until commit.
    if (this.dialect !== 'postgres') return;
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${sql.lit(SUPER_ADMIN_LOCK)} || current_schema(), 0))`.execute(this.db);
  }

  async deleteAllFor(principalType: PrincipalType, principalId: string): Promise<void> {
    await this.db.deleteFrom('role_assignments').where('principal_type', '=', principalType).where('principal_id', '=', principalId).execute();
  }
}
