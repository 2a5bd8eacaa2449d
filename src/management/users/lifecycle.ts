/**
 * The user lifecycle state machine (Okta `UserLifecycle`), with the rules that span aggregates:
 * deactivating a user revokes its API tokens for good (Okta: "If a user account is deactivated
 * in Okta, any API token created by that user account is deprovisioned at the same time"), and
 * the last active SUPER_ADMIN can be neither deactivated nor suspended (`keepingASuperAdmin`).
 *
 * Statuses and refusals, from Okta's UserLifecycle reference:
 * - activate: STAGED or DEPROVISIONED → ACTIVE (with a password) or PROVISIONED; an ACTIVE
 *   user → 403 E0000016, any other status → 403 E0000038.
 * - reactivate: PROVISIONED or RECOVERY (status unchanged: the activation flow restarts); else 403 E0000038.
 * - deactivate: every status but DEPROVISIONED → DEPROVISIONED; else 403 E0000038.
 * - suspend: ACTIVE → SUSPENDED; unsuspend: SUSPENDED → ACTIVE; else 400 E0000001.
 * - unlock: LOCKED_OUT → ACTIVE; on an ACTIVE user it succeeds and changes nothing (Okta also
 *   unblocks ACTIVE users there); else 403 E0000038.
 */
import { assertMayActOn } from '../../auth/target-guard.js';
import type { CallerRights, TargetOperation } from '../../auth/target-rules.js';
import { isoAt, type Clock } from '../../clock.js';
import { DomainError, invalidState, notFound } from '../../errors/domain-error.js';
import { userTarget, type EventBus, type EventContext } from '../../events/event-bus.js';
import type { EventType } from '../../events/event-types.js';
import type { UserRecord, UserStatus } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { keepingASuperAdmin } from '../roles/last-super-admin.js';
import { userRef } from './target.js';
import { endAllSessions } from '../../session/end-sessions.js';
import { revokeRefreshTokensOf } from '../../session/revoke-refresh-tokens.js';

export type LifecycleOperation = 'activate' | 'reactivate' | 'deactivate' | 'suspend' | 'unsuspend' | 'unlock';

export const LIFECYCLE_OPERATIONS: readonly LifecycleOperation[] = ['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock'];

interface Transition {
  readonly from: readonly UserStatus[];
  /** Statuses on which the operation succeeds without changing anything. */
  readonly noop?: readonly UserStatus[];
  readonly event: EventType;
  readonly message: string;
  readonly refuse: (status: UserStatus) => DomainError;
}

const notAllowed = (): DomainError => invalidState('user.status_forbids', "This operation is not allowed in the user's current status.");

const TRANSITIONS: Readonly<Record<LifecycleOperation, Transition>> = {
  activate: {
    from: ['STAGED', 'DEPROVISIONED'],
    event: 'user.lifecycle.activate',
    message: 'Activate Okta user',
    refuse: (status) =>
      status === 'ACTIVE' ? new DomainError('invalid_state', 'user.already_active', 'Activation failed because the user is already active') : notAllowed(),
  },
  reactivate: { from: ['PROVISIONED', 'RECOVERY'], event: 'user.lifecycle.reactivate', message: 'Reactivate Okta user', refuse: notAllowed },
  deactivate: {
    from: ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'],
    event: 'user.lifecycle.deactivate',
    message: 'Deactivate Okta user',
    refuse: notAllowed,
  },
  suspend: {
    from: ['ACTIVE'],
    event: 'user.lifecycle.suspend',
    message: 'Suspend Okta user',
    refuse: () => invalidState('user.status_transition', 'Cannot suspend a user that is not active'),
  },
  unsuspend: {
    from: ['SUSPENDED'],
    event: 'user.lifecycle.unsuspend',
    message: 'Unsuspend Okta user',
    refuse: () => invalidState('user.status_transition', 'Cannot unsuspend a user that is not suspended'),
  },
  unlock: { from: ['LOCKED_OUT'], noop: ['ACTIVE'], event: 'user.account.unlock', message: 'Unlock Okta user', refuse: notAllowed },
};

/** Which target rule each operation answers to (auth/target-rules.ts). */
const TARGET_OPERATION: Readonly<Record<LifecycleOperation, TargetOperation>> = {
  activate: 'user.lifecycle.activate',
  reactivate: 'user.lifecycle.reactivate',
  deactivate: 'user.lifecycle.deactivate',
  suspend: 'user.lifecycle.suspend',
  unsuspend: 'user.lifecycle.unsuspend',
  unlock: 'user.lifecycle.unlock',
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

export interface LifecycleDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
}

export function createUserLifecycle({ store, clock, events }: LifecycleDeps) {
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

  /**
   * Applies `op` to the user with this id, in one transaction with its events. The status is
   * checked on the row as locked by `update` (read-modify-write), so two concurrent calls
   * cannot both pass the check on PostgreSQL. Deactivating or suspending runs under the
   * last-super-admin guard (shared with role removals, and serialized by its lock).
   */
  async function apply(ctx: EventContext, caller: CallerRights | undefined, userId: string, op: LifecycleOperation): Promise<UserRecord> {
    const rule = TRANSITIONS[op];
    return store.transaction(async (tx) => {
      const target = await tx.users.get(userId);
      if (target === undefined) throw notFound(`Resource not found: ${userId} (User)`);
      await assertMayActOn(tx, caller, TARGET_OPERATION[op], userRef(target));
      // A no-op (unlock on an ACTIVE user) answers without writing anything.
      if (rule.noop?.includes(target.status) === true) return target;
      const now = isoAt(clock.now());
      const seen: { before?: UserRecord } = {};
      const change = () =>
        tx.users.update(userId, (current) => {
          seen.before = current;
          if (rule.noop?.includes(current.status) === true) return current;
          if (!rule.from.includes(current.status)) throw rule.refuse(current.status);
          const status = nextStatus(op, current);
          return {
            ...current,
            status,
            statusChanged: status !== current.status ? now : current.statusChanged,
            activated: op === 'activate' ? now : current.activated,
            lastUpdated: now,
          };
        });
      const updated = op === 'deactivate' || op === 'suspend' ? await keepingASuperAdmin(tx, `${op} the user ${userId}`, change) : await change();
      const before = seen.before;
      if (updated === undefined || before === undefined) throw notFound(`Resource not found: ${userId} (User)`);
      if (rule.noop?.includes(before.status) === true) return updated;
      await events.emit(tx, ctx, { type: rule.event, displayMessage: rule.message, targets: [userTarget(updated)] });
      if (op === 'deactivate') await revokeTokensOf(tx, ctx, updated, now);
      // Issue #4: a deactivated or suspended user is signed out everywhere, in this transaction.
      if (op === 'deactivate' || op === 'suspend') await endAllSessions(tx, events, ctx, updated, now);
      // Issue #4: and their refresh tokens are revoked (their access tokens fail on the user's status).
      if (op === 'deactivate' || op === 'suspend')
        await revokeRefreshTokensOf(tx, events, ctx, updated, now, 'because their user was deactivated or suspended');
      return updated;
    });
  }

  return { apply };
}
