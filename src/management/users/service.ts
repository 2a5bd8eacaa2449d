/**
 * Users: creation, profile updates and the lifecycle state machine (Okta's), with the rules
 * that span aggregates: deactivating a user revokes its API tokens for good, and the last
 * active SUPER_ADMIN can be neither deactivated nor suspended.
 */
import type { Principal } from '../../auth/principal.js';
import { isoAt } from '../../clock.js';
import { hashPassword } from '../../crypto/password-hash.js';
import { isId, newId } from '../../crypto/random-id.js';
import { DomainError, invalid, invalidState, notFound, type ErrorCause } from '../../errors/domain-error.js';
import { userTarget, type EventContext } from '../../events/event-bus.js';
import type { JsonObject, UserRecord, UserStatus } from '../../store/records.js';
import { UniqueViolation, type Store } from '../../store/store.js';
import type { ManagementDeps } from '../deps.js';
import { cleanProfile, passwordProblems, profileProblems } from './profile.js';
import type { UserInput } from './schemas.js';

export type LifecycleOperation = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock';

const LOGIN_TAKEN: ErrorCause = { field: 'login', message: 'An object with this field already exists in the current organization' };

function passwordOf(input: UserInput): string | undefined {
  const value = input.credentials?.password?.value;
  return typeof value === 'string' ? value : undefined;
}

export function createUserService(deps: Pick<ManagementDeps, 'store' | 'clock' | 'events'>) {
  const { store, clock, events } = deps;

  async function checkPassword(password: string, login: string | undefined): Promise<string> {
    const problems = passwordProblems(password, login);
    if (problems.length > 0) throw invalid('password: Password requirements were not met', problems);
    return hashPassword(password);
  }

  /** Refuses to take away the last active SUPER_ADMIN. */
  async function guardLastSuperAdmin(tx: Store, user: UserRecord, action: string): Promise<void> {
    if (user.status !== 'ACTIVE') return;
    const roles = await tx.roles.roleTypesOfUser(user.id);
    if (!roles.includes('SUPER_ADMIN')) return;
    if ((await tx.roles.countActiveUsersWithRole('SUPER_ADMIN')) <= 1) {
      throw invalidState('user.last_super_admin', `Cannot ${action} the last active super administrator`);
    }
  }

  async function revokeTokensOf(tx: Store, ctx: EventContext, user: UserRecord, at: string): Promise<void> {
    const revoked = await tx.apiTokens.revokeAllOfUser(user.id, at, 'owner_deactivated');
    for (const tokenId of revoked) {
      await events.emit(tx, ctx, {
        type: 'system.api_token.revoke',
        displayMessage: 'API token revoked because its owner was deactivated',
        targets: [{ id: tokenId, type: 'Token', alternateId: tokenId, displayName: tokenId, detailEntry: null }, userTarget(user)],
      });
    }
  }

  async function create(ctx: EventContext, input: UserInput, options: { activate: boolean }): Promise<UserRecord> {
    const profile = cleanProfile(input.profile ?? {});
    const problems = profileProblems(profile);
    if (problems.length > 0) throw invalid(problems.map((c) => c.field).join(', '), problems);
    const login = String(profile['login']);
    const password = passwordOf(input);
    const passwordHash = password === undefined ? null : await checkPassword(password, login);
    const now = isoAt(clock.now());
    const status: UserStatus = !options.activate ? 'STAGED' : passwordHash !== null ? 'ACTIVE' : 'PROVISIONED';
    const user: UserRecord = {
      id: newId('user'),
      status,
      profile,
      passwordHash,
      created: now,
      activated: options.activate ? now : null,
      statusChanged: options.activate ? now : null,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: passwordHash !== null ? now : null,
      version: 1,
    };
    const groupIds = input.groupIds ?? [];
    try {
      await store.transaction(async (tx) => {
        await tx.users.insert(user);
        for (const groupId of groupIds) {
          if (!isId('group', groupId) || (await tx.groups.get(groupId)) === undefined) {
            throw invalid('groupIds', [{ field: 'groupIds', message: `Group ${groupId} not found` }]);
          }
          await tx.groups.addMember(groupId, user.id, now);
        }
        await events.emit(tx, ctx, { type: 'user.lifecycle.create', displayMessage: 'Create okta user', targets: [userTarget(user)] });
        if (options.activate) {
          await events.emit(tx, ctx, { type: 'user.lifecycle.activate', displayMessage: 'Activate Okta user', targets: [userTarget(user)] });
        }
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('login', [LOGIN_TAKEN]);
      throw error;
    }
    return user;
  }

  /** By id, by login, or `me` (the caller). Unknown → 404 naming the id. */
  async function resolve(idOrLogin: string, principal: Principal | undefined): Promise<UserRecord> {
    let user: UserRecord | undefined;
    if (idOrLogin === 'me') {
      user = principal?.subject.kind === 'user' ? await store.users.get(principal.subject.userId) : undefined;
    } else if (isId('user', idOrLogin)) {
      user = await store.users.get(idOrLogin);
    } else {
      user = await store.users.getByLogin(idOrLogin);
    }
    if (user === undefined) throw notFound(`Resource not found: ${idOrLogin} (User)`);
    return user;
  }

  /** POST (partial: profile attributes merge) or PUT (replace: unspecified attributes are removed). */
  async function update(ctx: EventContext, idOrLogin: string, input: UserInput, mode: 'partial' | 'replace'): Promise<UserRecord> {
    const current = await resolve(idOrLogin, undefined);
    const password = passwordOf(input);
    const incoming = cleanProfile(input.profile ?? {});
    const profile: JsonObject = mode === 'partial' || input.profile === undefined ? { ...current.profile, ...incoming } : incoming;
    const problems = profileProblems(profile);
    if (problems.length > 0) throw invalid(problems.map((c) => c.field).join(', '), problems);
    const passwordHash = password === undefined ? undefined : await checkPassword(password, String(profile['login']));
    const now = isoAt(clock.now());
    try {
      return await store.transaction(async (tx) => {
        const updated = await tx.users.update(current.id, (user) => ({
          ...user,
          profile,
          lastUpdated: now,
          ...(passwordHash !== undefined ? { passwordHash, passwordChanged: now } : {}),
        }));
        if (updated === undefined) throw notFound(`Resource not found: ${idOrLogin} (User)`);
        await events.emit(tx, ctx, { type: 'user.account.update_profile', displayMessage: 'Update user profile for Okta', targets: [userTarget(updated)] });
        return updated;
      });
    } catch (error) {
      if (error instanceof UniqueViolation) throw invalid('login', [LOGIN_TAKEN]);
      throw error;
    }
  }

  const TRANSITIONS: Readonly<Record<LifecycleOperation, { from: readonly UserStatus[]; event: Parameters<typeof events.emit>[2]['type']; message: string }>> = {
    activate: { from: ['STAGED', 'DEPROVISIONED'], event: 'user.lifecycle.activate', message: 'Activate Okta user' },
    reactivate: { from: ['PROVISIONED', 'RECOVERY'], event: 'user.lifecycle.reactivate', message: 'Reactivate Okta user' },
    deactivate: { from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'], event: 'user.lifecycle.deactivate', message: 'Deactivate Okta user' },
    suspend: { from: ['ACTIVE'], event: 'user.lifecycle.suspend', message: 'Suspend Okta user' },
    unsuspend: { from: ['SUSPENDED'], event: 'user.lifecycle.unsuspend', message: 'Unsuspend Okta user' },
    unlock: { from: ['LOCKED_OUT'], event: 'user.account.unlock', message: 'Unlock Okta user' },
  };

  function nextStatus(op: LifecycleOperation, user: UserRecord): UserStatus {
    switch (op) {
      case 'activate':
        return user.passwordHash !== null ? 'ACTIVE' : 'PROVISIONED';
      case 'reactivate':
        return user.status;
      case 'deactivate':
        return 'DEPROVISIONED';
      case 'suspend':
        return 'SUSPENDED';
      case 'unsuspend':
      case 'unlock':
        return 'ACTIVE';
    }
  }

  async function lifecycle(ctx: EventContext, idOrLogin: string, op: LifecycleOperation): Promise<UserRecord> {
    const found = await resolve(idOrLogin, undefined);
    const rule = TRANSITIONS[op];
    return store.transaction(async (tx) => {
      const user = (await tx.users.get(found.id)) ?? found;
      if (!rule.from.includes(user.status)) {
        if (op === 'activate' && user.status === 'ACTIVE') {
          throw new DomainError('invalid_state', 'user.already_active', 'Activation failed because the user is already active');
        }
        throw invalidState('user.status_transition', `Cannot ${op} a user whose status is ${user.status}`);
      }
      if (op === 'deactivate' || op === 'suspend') await guardLastSuperAdmin(tx, user, op);
      const now = isoAt(clock.now());
      const status = nextStatus(op, user);
      const updated = await tx.users.update(user.id, (u) => ({
        ...u,
        status,
        statusChanged: status !== u.status ? now : u.statusChanged,
        activated: op === 'activate' ? now : u.activated,
        lastUpdated: now,
      }));
      if (updated === undefined) throw notFound(`Resource not found: ${idOrLogin} (User)`);
      await events.emit(tx, ctx, { type: rule.event, displayMessage: rule.message, targets: [userTarget(updated)] });
      if (op === 'deactivate') await revokeTokensOf(tx, ctx, updated, now);
      return updated;
    });
  }

  /** Okta: DELETE on a user that is not deactivated deactivates it; on a deactivated user, deletes it. */
  async function remove(ctx: EventContext, idOrLogin: string): Promise<void> {
    const user = await resolve(idOrLogin, undefined);
    if (user.status !== 'DEPROVISIONED') {
      await lifecycle(ctx, user.id, 'deactivate');
      return;
    }
    await store.transaction(async (tx) => {
      await tx.roles.deleteAllFor('USER', user.id);
      await tx.users.delete(user.id);
      await events.emit(tx, ctx, { type: 'user.lifecycle.delete.completed', displayMessage: 'Delete Okta user', targets: [userTarget(user)] });
    });
  }

  return { create, resolve, update, lifecycle, remove };
}

export type UserService = ReturnType<typeof createUserService>;
