/**
 * Primary authentication: a username and a password checked against the user's password hash
 * (crypto/password-hash.ts), with lockout. Shared by `POST /api/v1/authn` and the hosted sign-in
 * page.
 *
 * - One answer for every failure (unknown user, wrong password, locked, suspended, staged…), and
 *   the same work: an unknown user, or one without a password, is checked against a dummy hash of
 *   the current parameters, so the hash run that dominates the time always happens (OWASP
 *   Authentication Cheat Sheet, "Authentication Responses": no hint which, the same timing).
 * - A stored hash of an older algorithm or other parameters is replaced by a current one in the
 *   write of a successful sign-in (the same transaction, and only if the hash is still the one
 *   checked); a failed or refused sign-in, PASSWORD_EXPIRED included, rewrites nothing.
 * - Lockout (Okta password policy): `lockout.maxAttempts` failures in a row set the user
 *   LOCKED_OUT. The lock lifts by `/lifecycle/unlock` or, when `lockout.durationMs` > 0, by itself
 *   at the next sign-in attempt after that time (the status stays LOCKED_OUT until then). A
 *   success or an unlock resets the counter. A locked user's attempts are not counted.
 * - Only ACTIVE users sign in; a PASSWORD_EXPIRED user with the right password gets the
 *   PASSWORD_EXPIRED outcome (Okta authn answers that state, without a sessionToken).
 * - Every attempt leaves `user.session.start` with outcome SUCCESS or FAILURE and Okta's
 *   reason (INVALID_CREDENTIALS, LOCKED_OUT, …) in the System Log, which admins see.
 */
import { isoAt, type Clock } from '../clock.js';
import type { LockoutConfig } from '../config/config.js';
import type { PasswordHasher } from '../crypto/password-hash.js';
import { SYSTEM_ACTOR, userTarget, type EventBus, type EventContext } from '../events/event-bus.js';
import type { UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import type { SignedIn } from './contract.js';
import { userContext } from './session-service.js';

export interface SignInDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly passwordHasher: PasswordHasher;
  readonly config: { readonly lockout: LockoutConfig };
}

export type SignInResult<T> =
  | { readonly kind: 'success'; readonly signedIn: SignedIn; readonly value: T }
  | { readonly kind: 'password_expired'; readonly user: UserRecord }
  | { readonly kind: 'failed' };

/** A lock that only an admin lifts is stored with this expiry. */
export const LOCKED_UNTIL_UNLOCKED = '9999-12-31T23:59:59.999Z';

/** Logins longer than Okta's 100 characters cannot exist; they are not looked up. */
const MAX_LOGIN_LENGTH = 100;

/** Statuses whose failures count towards lockout and that a lockout may replace. */
const LOCKABLE = new Set(['ACTIVE', 'PASSWORD_EXPIRED']);

export function createSignIn(deps: SignInDeps) {
  const { store, clock, events, passwordHasher } = deps;
  const { maxAttempts, durationMs } = deps.config.lockout;

  async function logAttempt(tx: Store, context: EventContext, user: UserRecord, result: 'SUCCESS' | 'FAILURE', reason?: string): Promise<void> {
    await events.emit(tx, userContext(context, user), {
      type: 'user.session.start',
      displayMessage: 'User login to Okta',
      targets: [userTarget(user)],
      outcome: reason === undefined ? { result } : { result, reason },
    });
  }

  /** Lifts a lock whose time has come (the status moves back to ACTIVE, as an unlock would). */
  async function expireLock(context: EventContext, user: UserRecord, lockedUntil: string | null): Promise<UserRecord> {
    const now = clock.now();
    if (user.status !== 'LOCKED_OUT') {
      // An admin unlocked (or changed) the user since the lock: the old failures no longer count.
      if (lockedUntil !== null) await store.sessions.clearSignInState(user.id);
      return user;
    }
    if (lockedUntil === null || Date.parse(lockedUntil) > now) return user;
    return store.transaction(async (tx) => {
      let lifted = false;
      const updated = await tx.users.update(user.id, (current) => {
        if (current.status !== 'LOCKED_OUT') return current;
        lifted = true;
        return { ...current, status: 'ACTIVE', statusChanged: isoAt(now), lastUpdated: isoAt(now) };
      });
      await tx.sessions.clearSignInState(user.id);
      if (lifted && updated !== undefined) {
        await events.emit(
          tx,
          { ...context, actor: SYSTEM_ACTOR },
          {
            type: 'user.account.unlock',
            displayMessage: 'Unlock Okta user after the lockout period',
            targets: [userTarget(updated)],
          },
        );
      }
      return updated ?? user;
    });
  }

  async function fail(context: EventContext, user: UserRecord): Promise<void> {
    const at = isoAt(clock.now());
    await store.transaction(async (tx) => {
      if (!LOCKABLE.has(user.status)) {
        await logAttempt(tx, context, user, 'FAILURE', user.status === 'LOCKED_OUT' ? 'LOCKED_OUT' : 'INVALID_CREDENTIALS');
        return;
      }
      await logAttempt(tx, context, user, 'FAILURE', 'INVALID_CREDENTIALS');
      const failures = await tx.sessions.recordFailure(user.id, at);
      if (maxAttempts === 0 || failures < maxAttempts) return;
      let locked = false;
      const updated = await tx.users.update(user.id, (current) => {
        if (!LOCKABLE.has(current.status)) return current;
        locked = true;
        return { ...current, status: 'LOCKED_OUT', statusChanged: at, lastUpdated: at };
      });
      if (!locked || updated === undefined) return;
      await tx.sessions.setLockedUntil(user.id, durationMs > 0 ? isoAt(clock.now() + durationMs) : LOCKED_UNTIL_UNLOCKED);
      await events.emit(tx, userContext(context, updated), {
        type: 'user.account.lock',
        displayMessage: 'Max sign in attempts exceeded',
        targets: [userTarget(updated)],
        outcome: { result: 'FAILURE', reason: 'LOCKED_OUT' },
        severity: 'WARN',
      });
    });
  }

  /**
   * Checks the credentials. On success, `complete` runs in the transaction that records the
   * sign-in (last login, counter reset, event), and its value is returned: a sessionToken for
   * /api/v1/authn, a session for the sign-in page.
   */
  async function authenticate<T>(
    context: EventContext,
    username: string,
    password: string,
    complete: (tx: Store, signedIn: SignedIn) => Promise<T>,
  ): Promise<SignInResult<T>> {
    const found = username.length > 0 && username.length <= MAX_LOGIN_LENGTH ? await store.users.getByLogin(username) : undefined;
    const stored = found?.passwordHash ?? null;
    const check = await passwordHasher.verify(password, stored);
    if (found === undefined) {
      await events.emit(
        store,
        { ...context, actor: { id: 'unknown', type: 'User', alternateId: username.slice(0, MAX_LOGIN_LENGTH), displayName: 'unknown', detailEntry: null } },
        {
          type: 'user.session.start',
          displayMessage: 'User login to Okta',
          targets: [],
          outcome: { result: 'FAILURE', reason: 'VERIFICATION_ERROR' },
        },
      );
      return { kind: 'failed' };
    }
    const state = await store.sessions.getSignInState(found.id);
    const user = await expireLock(context, found, state?.lockedUntil ?? null);
    if (!check.matches || (user.status !== 'ACTIVE' && user.status !== 'PASSWORD_EXPIRED')) {
      await fail(context, user);
      return { kind: 'failed' };
    }
    const at = isoAt(clock.now());
    if (user.status === 'PASSWORD_EXPIRED') {
      await store.transaction(async (tx) => {
        await tx.sessions.clearSignInState(user.id);
        await logAttempt(tx, context, user, 'FAILURE', 'PASSWORD_EXPIRED');
      });
      return { kind: 'password_expired', user };
    }
    // Hashed before the transaction opens, so that no write lock waits for it.
    const rehashed = check.needsRehash ? await passwordHasher.hash(password) : undefined;
    return store.transaction(async (tx) => {
      const updated = await tx.users.update(user.id, (current) => {
        if (current.status !== 'ACTIVE') return current;
        // Only over the hash just checked: a password changed meanwhile is not overwritten. Not a
        // password change: `passwordChanged` and `lastUpdated` stay.
        const upgrade = rehashed !== undefined && current.passwordHash === stored ? { passwordHash: rehashed } : {};
        return { ...current, lastLogin: at, ...upgrade };
      });
      if (updated === undefined || updated.status !== 'ACTIVE') return { kind: 'failed' } as const;
      await tx.sessions.clearSignInState(user.id);
      await logAttempt(tx, context, updated, 'SUCCESS');
      const signedIn: SignedIn = { user: updated, authTime: at, amr: ['pwd'] };
      return { kind: 'success', signedIn, value: await complete(tx, signedIn) } as const;
    });
  }

  return { authenticate };
}

export type SignIn = ReturnType<typeof createSignIn>;
