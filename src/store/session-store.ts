/**
 * The sign-in side of the store: browser sessions, one-time session tokens from /api/v1/authn,
 * and the per-user failure counter behind lockout (tables of migration 2026-11-28T16-05_sign-in).
 * Secrets (the `sid` cookie value, session tokens) never reach the store: only their SHA-256
 * digests, which are the lookup keys (secrets are kept only as digests).
 */

export interface SessionRecord {
  /** Public id (`102…`), what admins and `/api/v1/sessions/{id}` name. */
  readonly id: string;
  /** SHA-256 of the cookie secret. */
  readonly cookieDigest: string;
  readonly userId: string;
  readonly status: 'ACTIVE';
  /** RFC 8176 method references (`pwd`). */
  readonly amr: readonly string[];
  readonly created: string;
  /** Idle expiry, slid forward on use but never past the absolute lifetime. */
  readonly expires: string;
  readonly lastPasswordVerification: string | null;
  readonly revoked: string | null;
}

export interface SessionTokenRecord {
  readonly digest: string;
  readonly userId: string;
  /** When the password was verified (becomes the session's and the ID token's `auth_time`). */
  readonly authTime: string;
  readonly amr: readonly string[];
  readonly expires: string;
  readonly used: string | null;
}

export interface SignInStateRecord {
  readonly userId: string;
  readonly failedAttempts: number;
  readonly lastFailure: string | null;
  /** Set when the failures locked the user: the time the lock lifts by itself (far future when only an admin can lift it). */
  readonly lockedUntil: string | null;
}

export interface SessionRepository {
  insert(session: SessionRecord): Promise<void>;
  /** A session by its public id, revoked or not. */
  get(id: string): Promise<SessionRecord | undefined>;
  /** The unrevoked session whose cookie secret has this digest. */
  findByCookieDigest(digest: string): Promise<SessionRecord | undefined>;
  /** Moves the idle expiry forward to `expires` (never backwards). */
  extend(id: string, expires: string): Promise<void>;
  /** Revokes one session; false when it was already revoked or does not exist. */
  revoke(id: string, at: string): Promise<boolean>;
  /** Revokes every unrevoked session of a user; returns their ids. */
  revokeAllOfUser(userId: string, at: string): Promise<string[]>;

  insertToken(token: SessionTokenRecord): Promise<void>;
  /**
   * Consumes a session token: marks it used when it is unused and unexpired at `at`, in one
   * conditional statement, so that of two nodes redeeming it at once exactly one gets it.
   */
  consumeToken(digest: string, at: string): Promise<SessionTokenRecord | undefined>;

  getSignInState(userId: string): Promise<SignInStateRecord | undefined>;
  /** Adds one failure atomically (insert or increment); returns the count after it. */
  recordFailure(userId: string, at: string): Promise<number>;
  /** Marks the user's lock and when it lifts. */
  setLockedUntil(userId: string, lockedUntil: string): Promise<void>;
  /** Forgets failures and any lock (a success, an unlock). */
  clearSignInState(userId: string): Promise<void>;
  /** Deletes session tokens that expired, and sessions that expired or were revoked, before `before`. */
  purgeExpired(before: string): Promise<void>;
}
