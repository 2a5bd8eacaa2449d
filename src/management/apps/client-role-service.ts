/**
 * Admin roles of client apps (Okta Management API, `RoleAssignmentClient`), stored as role assignments with
 * principal type CLIENT. A service app acting with client credentials is its own principal and
 * holds these roles. The no-escalation rule is the one for users and groups
 * (management/roles/grant-rules.ts): only roles whose every permission the caller holds, and
 * SUPER_ADMIN only by a SUPER_ADMIN.
 */
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn } from '../../auth/target-guard.js';
import { isRoleType, ROLE_LABELS } from '../../auth/permissions.js';
import { isoAt } from '../../clock.js';
import { newId } from '../../crypto/random-id.js';
import { conflict, notFound, type DomainError } from '../../errors/domain-error.js';
import type { EventContext } from '../../events/event-bus.js';
import type { LogTarget, RoleAssignmentRecord } from '../../store/records.js';
import { UniqueViolation } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { assertMayGrantOrRevoke } from '../../auth/grant-rules.js';
import type { AssignRoleInput } from '../roles/schemas.js';
import { parseRoleType } from '../roles/service.js';
import { appRef, appTarget } from './app-events.js';
import type { AppService } from './service.js';

const assignmentNotFound = (id: string): DomainError => notFound(`Resource not found: ${id} (RoleAssignment)`);

function roleTarget(roleType: string): LogTarget {
  const label = isRoleType(roleType) ? ROLE_LABELS[roleType] : roleType;
  return { id: roleType, type: 'ROLE', alternateId: roleType, displayName: label, detailEntry: null };
}

export function createClientRoleService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events'>, apps: AppService) {
  const { store, clock, events } = deps;

  async function list(clientId: string): Promise<RoleAssignmentRecord[]> {
    const app = await apps.find(clientId);
    return store.roles.listFor('CLIENT', app.id);
  }

  async function get(clientId: string, assignmentId: string): Promise<RoleAssignmentRecord> {
    const app = await apps.find(clientId);
    const found = await store.roles.get('CLIENT', app.id, assignmentId);
    if (found === undefined) throw assignmentNotFound(assignmentId);
    return found;
  }

  async function assign(
    ctx: EventContext,
    principal: Principal | undefined,
    clientId: string,
    input: AssignRoleInput | undefined,
  ): Promise<RoleAssignmentRecord> {
    const app = await apps.find(clientId);
    const roleType = parseRoleType(input);
    assertMayGrantOrRevoke(principal, roleType, [appTarget(app)]);
    const now = isoAt(clock.now());
    const assignment: RoleAssignmentRecord = {
      id: newId('roleAssignment'),
      principalType: 'CLIENT',
      principalId: app.id,
      roleType,
      created: now,
      lastUpdated: now,
    };
    try {
      await store.transaction(async (tx) => {
        await assertMayActOn(tx, principal, 'app.role.assign', appRef(app));
        await tx.roles.insert(assignment);
        await events.emit(tx, ctx, {
          type: 'app.oauth2.client.privilege.grant',
          displayMessage: 'Grant client privilege',
          targets: [appTarget(app), roleTarget(roleType)],
        });
      });
    } catch (error) {
      if (error instanceof UniqueViolation) {
        const message = `${roleType} is already assigned to ${app.label}`;
        throw conflict('role.already_assigned', message, [{ field: 'type', message }]);
      }
      throw error;
    }
    return assignment;
  }

  async function unassign(ctx: EventContext, principal: Principal | undefined, clientId: string, assignmentId: string): Promise<void> {
    const app = await apps.find(clientId);
    const assignment = await get(app.id, assignmentId);
    // A role type this server no longer knows can only be removed by a super administrator.
    assertMayGrantOrRevoke(principal, isRoleType(assignment.roleType) ? assignment.roleType : 'SUPER_ADMIN', [appTarget(app)]);
    await store.transaction(async (tx) => {
      await assertMayActOn(tx, principal, 'app.role.unassign', appRef(app));
      if (!(await tx.roles.delete(assignment.id))) throw assignmentNotFound(assignmentId);
      await events.emit(tx, ctx, {
        type: 'app.oauth2.client.privilege.revoke',
        displayMessage: 'Revoke client privilege',
        targets: [appTarget(app), roleTarget(assignment.roleType)],
      });
    });
  }

  return { list, get, assign, unassign };
}

export type ClientRoleService = ReturnType<typeof createClientRoleService>;
