/**
 * The contract between sign-in (password check, lockout, sessions, one-time session tokens;
 * implemented in src/session/) and the authorization endpoint (src/oauth/authorize/), which
 * needs "who is signed in here" and "redeem this sessionToken once".
 */
import type { EventContext } from '../events/event-bus.js';
import type { UserRecord } from '../store/records.js';

/** Authentication methods references (RFC 8176). */
export type Amr = 'pwd' | 'mfa' | 'otp';

export interface SessionInfo {
  /** Okta-style session id (`102…`), public. */
  readonly id: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When the password was last verified: the OIDC `auth_time`. */
  readonly authTime: string;
  readonly amr: readonly Amr[];
}

export interface SignedIn {
  readonly user: UserRecord;
  readonly authTime: string;
  readonly amr: readonly Amr[];
}

export interface SessionService {
  /** The active session behind a `sid` cookie value, if any (user still active, not expired or revoked). */
  sessionFromCookie(cookieValue: string | undefined): Promise<SessionInfo | undefined>;
  /** Starts a browser session for a signed-in user; returns it and the cookie value to set (shown once). */
  startSession(context: EventContext, signedIn: SignedIn): Promise<{ session: SessionInfo; cookieValue: string }>;
  /** Redeems a one-time `sessionToken` from /api/v1/authn (5 minutes, single use across all nodes). */
  redeemSessionToken(context: EventContext, sessionToken: string): Promise<SignedIn | undefined>;
  /** Ends every session of a user (deactivation, suspension, admin action). */
  endSessionsOf(context: EventContext, userId: string): Promise<number>;
}

/** The session cookie (HttpOnly, SameSite=Lax, Secure when the org URL is https). */
export const SESSION_COOKIE = 'sid';
