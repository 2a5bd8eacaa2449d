/**
 * Groups: creation and profile replacement of OKTA_GROUPs, deletion, and membership, with the
 * rules that span aggregates: deleting a group takes its memberships and role assignments with
 * it; a group that carries admin roles can be changed only by a principal holding every
 * permission of those roles (no escalation through membership); and no change may leave the
 * org without an active SUPER_ADMIN. Every change emits its event inside its transaction.
 */
import type { Principal } from '../../auth/principal.js';
import { assertMayActOn, type TargetRef } from '../../auth/target-guard.js';
import type { TargetOperation } from '../../auth/target-rules.js';
import { isoAt } from '../../clock.js';
import { isId, newId } from '../../crypto/random-id.js';
import { invalid, invalidState, notFound, type DomainError, type ErrorCause } from '../../errors/domain-error.js';
import { userTarget, type EventContext } from '../../events/event-bus.js';
import { textOf, type GroupRecord, type UserRecord } from '../../store/records.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { keepingASuperAdmin } from '../roles/last-super-admin.js';
import { groupTarget } from './log-targets.js';
import { cleanGroupProfile, groupProfileProblems } from './profile.js';
import type { GroupInput } from './schemas.js';

/** Okta's cause for a taken group name. */
const NAME_TAKEN: ErrorCause = { field: 'name', message: 'An object with this field already exists in the current organization' };

export function groupNotFound(groupId: string): DomainError {
  return notFound(`Resource not found: ${groupId} (UserGroup)`);
}

function userNotFound(idOrLogin: string): DomainError {
  return notFound(`Resource not found: ${idOrLogin} (User)`);
}

/** Validates a create/replace body into a profile; every bad field is one cause. */
function profileOf(input: GroupInput) {
  const profile = cleanGroupProfile(input.profile ?? {});
  const problems = groupProfileProblems(profile);
  if (problems.length > 0) throw invalid(problems.map((c) => c.field).join(', '), problems);
  return profile;
}

/** Okta: only OKTA_GROUP profiles and memberships are changed through the API (app imports own the rest). */
function requireOktaGroup(group: GroupRecord, what: string): void {
  if (group.type !== 'OKTA_GROUP') throw invalidState('group.not_okta_group', `You can only modify ${what} of groups of the OKTA_GROUP type`);
}

export function createGroupService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events'>) {
  const { store, clock, events } = deps;

  async function get(groupId: string, from: Store = store): Promise<GroupRecord> {
    const group = isId('group', groupId) ? await from.groups.get(groupId) : undefined;
    if (group === undefined) throw groupNotFound(groupId);
    return group;
  }

  /** By id, by login, or `me` (the calling user). */
  async function resolveUser(idOrLogin: string, principal: Principal | undefined, from: Store = store): Promise<UserRecord> {
    let user: UserRecord | undefined;
    if (idOrLogin === 'me') {
      user = principal?.subject.kind === 'user' ? await from.users.get(principal.subject.userId) : undefined;
    } else if (isId('user', idOrLogin)) {
      user = await from.users.get(idOrLogin);
    } else {
      user = await from.users.getByLogin(idOrLogin);
    }
    if (user === undefined) throw userNotFound(idOrLogin);
    return user;
  }

  /** The group as the target rules see it (auth/target-rules.ts). */
  const groupRef = (group: GroupRecord): TargetRef => ({
    kind: 'group',
    id: group.id,
    label: textOf(group.profile['name'], group.id),
    logTarget: groupTarget(group),
  });

  /** The roles the group grants its members, once the caller may act on it with `operation`. */
  async function guardAdminGroup(tx: Store, principal: Principal | undefined, operation: TargetOperation, group: GroupRecord): Promise<readonly string[]> {
    await assertMayActOn(tx, principal, operation, groupRef(group));
    return [...new Set((await tx.roles.listFor('GROUP', group.id)).map((a) => a.roleType))];
  }

  /** A change that can take SUPER_ADMIN away runs under the last-super-admin rule. */
  function keepingSuperAdmins(tx: Store, roles: readonly string[], action: string, change: () => Promise<void>): Promise<void> {
    return roles.includes('SUPER_ADMIN') ? keepingASuperAdmin(tx, action, change) : change();
  }

  async function create(ctx: EventContext, input: GroupInput): Promise<GroupRecord> {
    const profile = profileOf(input);
    const now = isoAt(clock.now());
    const group: GroupRecord = { id: newId('group'), type: 'OKTA_GROUP', profile, created: now, lastUpdated: now, lastMembershipUpdated: now };
    try {
      await store.transaction(async (tx) => {
        await tx.groups.insert(group);
        await events.emit(tx, ctx, { type: 'group.lifecycle.create', displayMessage: 'Create okta group', targets: [groupTarget(group)] });
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('name', [NAME_TAKEN]);
      throw error;
    }
    return group;
  }

  /** PUT: the profile is replaced whole; read-only fields in the body are ignored. */
  async function replace(ctx: EventContext, groupId: string, input: GroupInput): Promise<GroupRecord> {
    const current = await get(groupId);
    requireOktaGroup(current, 'profiles');
    const profile = profileOf(input);
    const now = isoAt(clock.now());
    try {
      return await store.transaction(async (tx) => {
        const updated = await tx.groups.update(current.id, (group) => ({ ...group, profile, lastUpdated: now }));
        if (updated === undefined) throw groupNotFound(groupId);
        await events.emit(tx, ctx, { type: 'group.profile.update', displayMessage: 'Update group profile', targets: [groupTarget(updated)] });
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('name', [NAME_TAKEN]);
      throw error;
    }
  }

  /** DELETE: the group, its memberships and its role assignments, at once. */
  async function remove(ctx: EventContext, principal: Principal | undefined, groupId: string): Promise<void> {
    const found = await get(groupId);
    if (found.type === 'BUILT_IN') throw invalidState('group.built_in', 'Groups of the BUILT_IN type cannot be deleted');
    await store.transaction(async (tx) => {
      const group = await get(found.id, tx);
      const roles = await guardAdminGroup(tx, principal, 'group.delete', group);
      await keepingSuperAdmins(tx, roles, `delete the group ${textOf(group.profile['name'])}`, async () => {
        await tx.roles.deleteAllFor('GROUP', group.id);
        await tx.groups.delete(group.id);
      });
      await events.emit(tx, ctx, { type: 'group.lifecycle.delete', displayMessage: 'Delete okta group', targets: [groupTarget(group)] });
    });
  }

  /** PUT member: idempotent; a user already in the group changes nothing and logs nothing. */
  async function addMember(ctx: EventContext, principal: Principal | undefined, groupId: string, userId: string): Promise<void> {
    const found = await get(groupId);
    requireOktaGroup(found, 'memberships');
    await store.transaction(async (tx) => {
      const group = await get(found.id, tx);
      const user = isId('user', userId) ? await tx.users.get(userId) : undefined;
      if (user === undefined) throw userNotFound(userId);
      await guardAdminGroup(tx, principal, 'group.membership.add', group);
      if (!(await tx.groups.addMember(group.id, user.id, isoAt(clock.now())))) return;
      await events.emit(tx, ctx, {
        type: 'group.user_membership.add',
        displayMessage: 'Add user to group membership',
        targets: [userTarget(user), groupTarget(group)],
      });
    });
  }

  /** DELETE member: idempotent; removing a non-member changes nothing and logs nothing. */
  async function removeMember(ctx: EventContext, principal: Principal | undefined, groupId: string, userId: string): Promise<void> {
    const found = await get(groupId);
    requireOktaGroup(found, 'memberships');
    await store.transaction(async (tx) => {
      const group = await get(found.id, tx);
      const user = isId('user', userId) ? await tx.users.get(userId) : undefined;
      if (user === undefined) throw userNotFound(userId);
      const roles = await guardAdminGroup(tx, principal, 'group.membership.remove', group);
      let removed = false;
      await keepingSuperAdmins(tx, roles, `remove ${textOf(user.profile['login'])} from the group ${textOf(group.profile['name'])}`, async () => {
        removed = await tx.groups.removeMember(group.id, user.id, isoAt(clock.now()));
      });
      if (!removed) return;
      await events.emit(tx, ctx, {
        type: 'group.user_membership.remove',
        displayMessage: 'Remove user from group membership',
        targets: [userTarget(user), groupTarget(group)],
      });
    });
  }

  return { get, resolveUser, create, replace, remove, addMember, removeMember };
}
