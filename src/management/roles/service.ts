/**
 * Admin role assignments to users and groups (Okta's RoleAssignment API): validate → load →
 * check rights → write, with the grant/revoke event in the same transaction. A user's roles
 * include those of its groups; assignments are read live by the SSWS authenticator, so a change
 * applies from the very next request.
 */
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn } from '../../auth/target-guard.js';
import { isRoleType, ROLE_TYPES, type RoleType } from '../../auth/permissions.js';
import { isoAt } from '../../clock.js';
import { isId, newId } from '../../crypto/random-id.js';
import { conflict, invalidField, notFound, type DomainError } from '../../errors/domain-error.js';
import { userTarget, type EventContext } from '../../events/event-bus.js';
import { textOf, type LogTarget, type RoleAssignmentRecord } from '../../store/records.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { groupTarget } from '../groups/log-targets.js';
import { assertMayGrantOrRevoke } from '../../auth/grant-rules.js';
import { keepingASuperAdmin } from './last-super-admin.js';
import { presentRoleAssignment } from './presenter.js';
import type { AssignRoleInput } from './schemas.js';

/** Who receives or loses a role: a user (by id, login or `me`) or a group. */
export interface Assignee {
  readonly type: 'USER' | 'GROUP';
  readonly id: string;
  /** For messages: the login or the group name. */
  readonly name: string;
  readonly target: LogTarget;
}

const SUPPORTED = ROLE_TYPES.join(', ');

/** The body's `type`, or a 400 whose cause says what is wrong with it. */
export function parseRoleType(input: AssignRoleInput | undefined): RoleType {
  const type = input?.type;
  if (type === undefined) throw invalidField('type', 'The field cannot be left blank');
  if (type === 'CUSTOM') {
    throw invalidField('type', `Custom roles (CUSTOM) are not supported yet; assign one of the standard roles: ${SUPPORTED}`);
  }
  if (!isRoleType(type)) throw invalidField('type', `'${type}' is not a supported role type; use one of ${SUPPORTED}`);
  return type;
}

const assignmentNotFound = (id: string): DomainError => notFound(`Resource not found: ${id} (RoleAssignment)`);

export function createRoleService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events' | 'config' | 'users'>) {
  const { store, clock, events } = deps;
  const users = deps.users;

  async function user(idOrLogin: string, principal: Principal | undefined): Promise<Assignee> {
    const found = await users.resolve(idOrLogin, principal);
    return { type: 'USER', id: found.id, name: textOf(found.profile['login'], found.id), target: userTarget(found) };
  }

  async function group(groupId: string): Promise<Assignee> {
    const found = isId('group', groupId) ? await store.groups.get(groupId) : undefined;
    if (found === undefined) throw notFound(`Resource not found: ${groupId} (UserGroup)`);
    return { type: 'GROUP', id: found.id, name: textOf(found.profile['name'], found.id), target: groupTarget(found) };
  }

  /** A group's members hold its roles: changing them passes the target rules (auth/target-rules.ts). */
  async function guardGroup(
    tx: Store,
    principal: Principal | undefined,
    assignee: Assignee,
    operation: 'group.role.assign' | 'group.role.unassign',
  ): Promise<void> {
    if (assignee.type === 'GROUP')
      await assertMayActOn(tx, principal, operation, { kind: 'group', id: assignee.id, label: assignee.name, logTarget: assignee.target });
  }

  /** A user's own assignments and those of its groups; a group's own assignments. */
  async function list(assignee: Assignee): Promise<RoleAssignmentRecord[]> {
    return assignee.type === 'USER' ? store.roles.listOfUser(assignee.id) : store.roles.listFor('GROUP', assignee.id);
  }

  /** Only an assignment this assignee holds: another principal's id is not found here. */
  async function get(assignee: Assignee, assignmentId: string): Promise<RoleAssignmentRecord> {
    const found = (await list(assignee)).find((a) => a.id === assignmentId);
    if (found === undefined) throw assignmentNotFound(assignmentId);
    return found;
  }

  function roleTarget(assignment: RoleAssignmentRecord): LogTarget {
    const label = presentRoleAssignment(assignment, deps.config.orgUrl).label;
    return { id: assignment.roleType, type: 'ROLE', alternateId: assignment.roleType, displayName: label, detailEntry: null };
  }

  async function assign(
    ctx: EventContext,
    principal: Principal | undefined,
    assignee: Assignee,
    input: AssignRoleInput | undefined,
  ): Promise<RoleAssignmentRecord> {
    const roleType = parseRoleType(input);
    assertMayGrantOrRevoke(principal, roleType, [assignee.target]);
    const now = isoAt(clock.now());
    const assignment: RoleAssignmentRecord = {
      id: newId('roleAssignment'),
      principalType: assignee.type,
      principalId: assignee.id,
      roleType,
      created: now,
      lastUpdated: now,
    };
    try {
      await store.transaction(async (tx) => {
        await guardGroup(tx, principal, assignee, 'group.role.assign');
        await tx.roles.insert(assignment);
        await events.emit(tx, ctx, {
          type: assignee.type === 'USER' ? 'user.account.privilege.grant' : 'group.privilege.grant',
          displayMessage: assignee.type === 'USER' ? 'Grant user privilege' : 'Grant group privilege',
          targets: [assignee.target, roleTarget(assignment)],
        });
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        throw conflict('role.already_assigned', `${roleType} is already assigned to ${assignee.name}`, [
          { field: 'type', message: `${roleType} is already assigned to ${assignee.name}` },
        ]);
      }
      throw error;
    }
    return assignment;
  }

  async function unassign(ctx: EventContext, principal: Principal | undefined, assignee: Assignee, assignmentId: string): Promise<void> {
    const assignment = await get(assignee, assignmentId);
    if (assignment.principalType !== assignee.type) {
      // Listed under the user because it is inherited: it belongs to the group.
      const how = `remove it from the group (DELETE /api/v1/groups/${assignment.principalId}/roles/${assignment.id}) or remove the user from the group`;
      throw invalidField('roleAssignmentId', `${assignment.roleType} is given to ${assignee.name} through group ${assignment.principalId}: ${how}`);
    }
    const roleType = assignment.roleType;
    // A stored type outside the standard list (another version's) is a Super Admin's to remove.
    assertMayGrantOrRevoke(principal, isRoleType(roleType) ? roleType : 'SUPER_ADMIN', [assignee.target]);
    const remove = async (tx: Store): Promise<void> => {
      if (!(await tx.roles.delete(assignment.id))) throw assignmentNotFound(assignmentId);
      await events.emit(tx, ctx, {
        type: assignee.type === 'USER' ? 'user.account.privilege.revoke' : 'group.privilege.revoke',
        displayMessage: assignee.type === 'USER' ? 'Revoke user privilege' : 'Revoke group privilege',
        targets: [assignee.target, roleTarget(assignment)],
      });
    };
    await store.transaction(async (tx) => {
      await guardGroup(tx, principal, assignee, 'group.role.unassign');
      if (roleType !== 'SUPER_ADMIN') return remove(tx);
      const of = assignee.type === 'USER' ? assignee.name : `group ${assignee.name}`;
      return keepingASuperAdmin(tx, `remove the SUPER_ADMIN role of ${of}`, () => remove(tx));
    });
  }

  return { user, group, list, get, assign, unassign };
}
