/**
 * Sessions and one-time session tokens: the implementation of the SessionService contract
 * (contract.ts) used by /oauth2/v1/authorize, plus what the Sessions API and the sign-in page
 * need (issue a sessionToken, look a session up, end one).
 *
 * - A session lives `session.maxIdleMs` after its last use (Okta's default global session
 *   policy: 2 hours idle), never more than `session.maxLifetimeMs` after it started.
 * - Only users in status ACTIVE have usable sessions: a deactivated, suspended, locked or
 *   password-expired user's cookie opens nothing (deactivation and suspension also revoke them).
 * - A sessionToken is redeemed by one conditional UPDATE (session-store.ts `consumeToken`), so it
 *   opens at most one session across every node, and only within its 5 minutes.
 */
import { isoAt, type Clock } from '../clock.js';
import type { SessionConfig } from '../config/config.js';
import { secretDigest } from '../crypto/secret-digest.js';
import { userTarget, type EventBus, type EventContext } from '../events/event-bus.js';
import type { UserRecord } from '../store/records.js';
import type { SessionRecord } from '../store/session-store.js';
import type { Store } from '../store/store.js';
import type { Amr, SessionInfo, SessionService, SignedIn } from './contract.js';
import { endAllSessions } from './end-sessions.js';
import {
  COOKIE_SECRET_SHAPE,
  SESSION_ID_SHAPE,
  SESSION_TOKEN_LIFETIME_MS,
  SESSION_TOKEN_SHAPE,
  newCookieSecret,
  newSessionId,
  newSessionToken,
} from './session-secrets.js';

export interface SessionServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly config: { readonly session: SessionConfig };
}

/** A live session with its user, as the Sessions API presents it. */
export interface LiveSession {
  readonly session: SessionRecord;
  readonly user: UserRecord;
}

const AMR_VALUES: readonly string[] = ['pwd', 'mfa', 'otp'] satisfies readonly Amr[];

function amrOf(values: readonly string[]): Amr[] {
  return values.filter((v): v is Amr => AMR_VALUES.includes(v));
}

/** Sliding expiry is written at most once a minute per session: reads stay reads. */
const EXTEND_GRANULARITY_MS = 60_000;

/** Expired and ended sessions and tokens are deleted at most this often per node, a day after they lapsed. */
const PURGE_INTERVAL_MS = 300_000;
export const SESSION_PURGE_AGE_MS = 86_400_000;

export function sessionInfo(session: SessionRecord): SessionInfo {
  return {
    id: session.id,
    userId: session.userId,
    createdAt: session.created,
    expiresAt: session.expires,
    authTime: session.lastPasswordVerification ?? session.created,
    amr: amrOf(session.amr),
  };
}

/** The user as the actor of events they cause themselves (sign-out, their own session). */
export function userContext(context: EventContext, user: UserRecord): EventContext {
  const target = userTarget(user);
  return { ...context, actor: { id: user.id, type: 'User', alternateId: target.alternateId, displayName: target.displayName, detailEntry: null } };
}

export function createSessionService(deps: SessionServiceDeps) {
  const { store, clock, events } = deps;
  const { maxIdleMs, maxLifetimeMs } = deps.config.session;

  /** The expiry a use at `now` gives a session: idle window from now, capped by the absolute lifetime. */
  function slidExpiry(created: string, now: number): number {
    return Math.min(now + maxIdleMs, Date.parse(created) + maxLifetimeMs);
  }

  async function usable(session: SessionRecord | undefined): Promise<LiveSession | undefined> {
    if (session === undefined || session.revoked !== null) return undefined;
    if (Date.parse(session.expires) <= clock.now()) return undefined;
    const user = await store.users.get(session.userId);
    if (user === undefined || user.status !== 'ACTIVE') return undefined;
    return { session, user };
  }

  /** The live session behind a cookie value (no sliding). */
  async function fromCookie(cookieValue: string | undefined): Promise<LiveSession | undefined> {
    if (cookieValue === undefined || !COOKIE_SECRET_SHAPE.test(cookieValue)) return undefined;
    return usable(await store.sessions.findByCookieDigest(secretDigest(cookieValue)));
  }

  /** Records a use: slides the idle expiry forward (coalesced to one write a minute). */
  async function touch(session: SessionRecord): Promise<SessionRecord> {
    const next = slidExpiry(session.created, clock.now());
    if (next - Date.parse(session.expires) < EXTEND_GRANULARITY_MS) return session;
    const expires = isoAt(next);
    await store.sessions.extend(session.id, expires);
    return { ...session, expires };
  }

  /** Creates a session for a verified sign-in in `tx`; returns it and the cookie value (shown once). */
  async function openSession(tx: Store, signedIn: SignedIn): Promise<{ session: SessionInfo; cookieValue: string }> {
    const now = clock.now();
    const cookieValue = newCookieSecret();
    const session: SessionRecord = {
      id: newSessionId(),
      cookieDigest: secretDigest(cookieValue),
      userId: signedIn.user.id,
      status: 'ACTIVE',
      amr: [...signedIn.amr],
      created: isoAt(now),
      expires: isoAt(Math.min(now + maxIdleMs, now + maxLifetimeMs)),
      lastPasswordVerification: signedIn.authTime,
      revoked: null,
    };
    await tx.sessions.insert(session);
    return { session: sessionInfo(session), cookieValue };
  }

  const contract: SessionService = {
    async sessionFromCookie(cookieValue) {
      const live = await fromCookie(cookieValue);
      return live === undefined ? undefined : sessionInfo(await touch(live.session));
    },

    async startSession(_context, signedIn) {
      // The sign-in that led here (password check or sessionToken) logged `user.session.start`.
      return openSession(store, signedIn);
    },

    async redeemSessionToken(_context, sessionToken) {
      if (!SESSION_TOKEN_SHAPE.test(sessionToken)) return undefined;
      const token = await store.sessions.consumeToken(secretDigest(sessionToken), isoAt(clock.now()));
      if (token === undefined) return undefined;
      const user = await store.users.get(token.userId);
      if (user === undefined || user.status !== 'ACTIVE') return undefined;
      return { user, authTime: token.authTime, amr: amrOf(token.amr) };
    },

    async endSessionsOf(context, userId) {
      return store.transaction(async (tx) => {
        const user = await tx.users.get(userId);
        if (user === undefined) return (await tx.sessions.revokeAllOfUser(userId, isoAt(clock.now()))).length;
        return endAllSessions(tx, events, context, user, isoAt(clock.now()));
      });
    },
  };

  /** Issues a one-time sessionToken for a verified sign-in, inside the caller's transaction. */
  async function issueSessionToken(tx: Store, signedIn: SignedIn): Promise<{ sessionToken: string; expiresAt: string }> {
    const sessionToken = newSessionToken();
    const expiresAt = isoAt(clock.now() + SESSION_TOKEN_LIFETIME_MS);
    await tx.sessions.insertToken({
      digest: secretDigest(sessionToken),
      userId: signedIn.user.id,
      authTime: signedIn.authTime,
      amr: [...signedIn.amr],
      expires: expiresAt,
      used: null,
    });
    return { sessionToken, expiresAt };
  }

  /** A live session by its public id (admins), or undefined. */
  async function byId(sessionId: string): Promise<LiveSession | undefined> {
    if (!SESSION_ID_SHAPE.test(sessionId)) return undefined;
    return usable(await store.sessions.get(sessionId));
  }

  /** Ends one session; false when it was not live. `context` names who ended it. */
  async function end(context: EventContext, live: LiveSession): Promise<boolean> {
    return store.transaction(async (tx) => {
      if (!(await tx.sessions.revoke(live.session.id, isoAt(clock.now())))) return false;
      await events.emit(tx, context, { type: 'user.session.end', displayMessage: 'User logout from Okta', targets: [userTarget(live.user)] });
      return true;
    });
  }

  /** Okta `lifecycle/refresh`: slides the idle expiry now, whatever the coalescing. */
  async function refresh(live: LiveSession): Promise<SessionRecord> {
    const expires = isoAt(slidExpiry(live.session.created, clock.now()));
    await store.sessions.extend(live.session.id, expires);
    return { ...live.session, expires: expires > live.session.expires ? expires : live.session.expires };
  }

  let lastPurge = Number.NEGATIVE_INFINITY;
  /** Keeps the sign-in tables small (called on sign-in; a no-op most of the time). */
  async function maybePurge(): Promise<void> {
    const now = clock.now();
    if (now - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = now;
    await store.sessions.purgeExpired(isoAt(now - SESSION_PURGE_AGE_MS));
  }

  return { ...contract, openSession, fromCookie, issueSessionToken, byId, end, refresh, maybePurge };
}

export type Sessions = ReturnType<typeof createSessionService>;
