/**
 * Password operations (Okta `UserCred` and `UserLifecycle`): change a password by proving the
 * current one, and expire a password (an admin forces a change at the next sign-in).
 *
 * - change: only for STAGED, ACTIVE, PASSWORD_EXPIRED and RECOVERY users with a password (SDK doc
 *   of `changePassword`), else 403 E0000038. A wrong current password, a new password that breaks
 *   the policy (management/users/profile.ts `passwordProblems`) or equals the current one →
 *   403 E0000014 "Update of credentials failed" with the reason as the cause, as Okta answers.
 *   PASSWORD_EXPIRED and RECOVERY users become ACTIVE. `revokeSessions: true` ends the user's
 *   sessions in the same transaction.
 * - expire: ACTIVE users with a password (and PASSWORD_EXPIRED ones, unchanged) → PASSWORD_EXPIRED;
 *   /api/v1/authn then answers PASSWORD_EXPIRED instead of SUCCESS, and their sessions stop opening.
 */
import { assertMayActOn } from '../../auth/target-guard.js';
import type { CallerRights } from '../../auth/target-rules.js';
import { isoAt, type Clock } from '../../clock.js';
import type { PasswordHasher } from '../../crypto/password-hash.js';
import { DomainError, invalidState, type ErrorCause } from '../../errors/domain-error.js';
import { userTarget, type EventBus, type EventContext } from '../../events/event-bus.js';
import { endAllSessions } from '../../session/end-sessions.js';
import { textOf, type UserRecord, type UserStatus } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { passwordProblems } from '../users/profile.js';
import { userRef } from '../users/target.js';

export interface PasswordServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly passwordHasher: PasswordHasher;
}

const CHANGEABLE: ReadonlySet<UserStatus> = new Set(['STAGED', 'ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY']);

function credentialsFailed(cause: ErrorCause): DomainError {
  return new DomainError('forbidden', 'user.credentials_update_failed', 'Update of credentials failed', [cause]);
}

const statusForbids = (): DomainError => invalidState('user.status_forbids', "This operation is not allowed in the user's current status.");

export interface ChangeOptions {
  /** End every session of the user (Okta `revokeSessions`). */
  readonly revokeSessions?: boolean;
}

/**
 * Who changes the password: the user itself, signing in with the current one (/api/v1/authn),
 * or a caller of the Management API, who passes the target rules (auth/target-rules.ts).
 */
export type PasswordChanger = 'the user itself' | CallerRights | undefined;

export function createPasswordService({ store, clock, events, passwordHasher }: PasswordServiceDeps) {
  async function change(
    context: EventContext,
    by: PasswordChanger,
    user: UserRecord,
    oldPassword: string,
    newPassword: string,
    options: ChangeOptions = {},
  ): Promise<UserRecord> {
    // The target rule first: a caller who may not touch this user learns nothing of its password.
    if (by !== 'the user itself') await assertMayActOn(store, by, 'user.password.change', userRef(user));
    const current = user.passwordHash;
    if (!CHANGEABLE.has(user.status) || current === null) throw statusForbids();
    // The old hash is replaced below whatever its parameters, so `needsRehash` needs nothing more here.
    if (!(await passwordHasher.verify(oldPassword, current)).matches) {
      throw credentialsFailed({ field: 'oldPassword', message: 'The credentials provided were incorrect.' });
    }
    const problems = passwordProblems(newPassword, textOf(user.profile['login']));
    const problem = problems[0];
    if (problem !== undefined) throw credentialsFailed(problem);
    if (newPassword === oldPassword) throw credentialsFailed({ field: 'password', message: 'Password has been used too recently' });
    const passwordHash = await passwordHasher.hash(newPassword);
    const at = isoAt(clock.now());
    return store.transaction(async (tx) => {
      const updated = await tx.users.update(user.id, (row) => {
        // The row may have moved on since it was read: the password proven must still be the one stored.
        if (row.passwordHash !== current) throw credentialsFailed({ field: 'oldPassword', message: 'The credentials provided were incorrect.' });
        if (!CHANGEABLE.has(row.status)) throw statusForbids();
        const status: UserStatus = row.status === 'PASSWORD_EXPIRED' || row.status === 'RECOVERY' ? 'ACTIVE' : row.status;
        return { ...row, passwordHash, passwordChanged: at, lastUpdated: at, status, statusChanged: status !== row.status ? at : row.statusChanged };
      });
      if (updated === undefined) throw statusForbids();
      await events.emit(tx, context, { type: 'user.account.update_password', displayMessage: 'Update password for user', targets: [userTarget(updated)] });
      if (options.revokeSessions === true) await endAllSessions(tx, events, context, updated, at);
      return updated;
    });
  }

  async function expire(context: EventContext, caller: CallerRights | undefined, user: UserRecord): Promise<UserRecord> {
    const at = isoAt(clock.now());
    return store.transaction(async (tx) => {
      await assertMayActOn(tx, caller, 'user.password.expire', userRef(user));
      let changed = false;
      const updated = await tx.users.update(user.id, (row) => {
        if (row.passwordHash === null) throw statusForbids();
        if (row.status === 'PASSWORD_EXPIRED') return row;
        if (row.status !== 'ACTIVE') throw statusForbids();
        changed = true;
        return { ...row, status: 'PASSWORD_EXPIRED', statusChanged: at, lastUpdated: at };
      });
      if (updated === undefined) throw statusForbids();
      if (changed) {
        await events.emit(tx, context, { type: 'user.account.expire_password', displayMessage: 'Expire user password', targets: [userTarget(updated)] });
      }
      return updated;
    });
  }

  return { change, expire };
}

export type PasswordService = ReturnType<typeof createPasswordService>;
