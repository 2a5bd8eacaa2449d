/**
 * The user-context side of the org authorization server in the store: authorization codes
 * (RFC 6749 §4.1) and refresh-token families (RFC 6749 §6, RFC 9700 §4.14). Secrets never
 * reach the store: codes and refresh tokens are looked up by the SHA-256 digest of their value
 * (secrets are kept only as digests). Every state change that two nodes could race on is one
 * conditional statement, so exactly one of them wins.
 */

export interface AuthorizationCodeRecord {
  readonly digest: string;
  readonly clientId: string;
  readonly userId: string;
  /** The redirect URI of the authorization request; the token request must repeat it (RFC 6749 §4.1.3). */
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly nonce: string | null;
  /** PKCE `S256` challenge (RFC 7636 §4.2), the only method supported. */
  readonly codeChallenge: string | null;
  readonly sessionId: string | null;
  readonly authTime: string;
  readonly amr: readonly string[];
  readonly expires: string;
  readonly used: string | null;
  /** `jti` of the access token the redemption issued (revoked if the code is replayed). */
  readonly issuedAccessToken: string | null;
  /** Refresh-token family the redemption started (revoked if the code is replayed). */
  readonly issuedFamily: string | null;
}

export interface RefreshTokenRecord {
  readonly digest: string;
  /** Public id (`rt…`), for the System Log. */
  readonly id: string;
  /** Every token rotated from one grant shares the family id; reuse revokes the family. */
  readonly familyId: string;
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly authTime: string;
  readonly amr: readonly string[];
  readonly created: string;
  /** Absolute expiry of the family (rotation keeps it). */
  readonly expires: string;
  /** When it was rotated out; within the app's leeway it still yields its successor. */
  readonly rotated: string | null;
  readonly successorDigest: string | null;
  readonly revoked: string | null;
  /** RFC 9449 §5: a token issued to a DPoP client is bound to the proof key's thumbprint. */
  readonly dpopJkt: string | null;
  readonly lastUsed: string | null;
}

export interface AuthorizationRepository {
  insertCode(code: AuthorizationCodeRecord): Promise<void>;
  getCode(digest: string): Promise<AuthorizationCodeRecord | undefined>;
  /**
   * Marks the code used when it is unused, in one conditional UPDATE: of two concurrent
   * redemptions exactly one gets the record; the other gets undefined.
   */
  consumeCode(digest: string, at: string): Promise<AuthorizationCodeRecord | undefined>;
  /** Records what a code's redemption issued, so that a replay can revoke it. */
  recordCodeIssue(digest: string, accessTokenJti: string, familyId: string | null): Promise<void>;

  insertRefreshToken(token: RefreshTokenRecord): Promise<void>;
  getRefreshToken(digest: string): Promise<RefreshTokenRecord | undefined>;
  /**
   * Rotates a token out in one conditional UPDATE (not yet rotated, not revoked): true for the
   * one caller that rotated it, false for everyone else (who must re-read it).
   */
  rotateRefreshToken(digest: string, successorDigest: string, at: string): Promise<boolean>;
  /** Raises `last_used` to `at` (idle window of tokens that do not rotate). */
  touchRefreshToken(digest: string, at: string): Promise<void>;
  /** Revokes every token of a family; returns how many were still unrevoked. */
  revokeFamily(familyId: string, at: string): Promise<number>;
  /** Revokes every unrevoked refresh token of a user (deactivation, suspension); returns their family ids. */
  revokeRefreshTokensOfUser(userId: string, at: string): Promise<string[]>;
  /** Deletes codes and refresh tokens that expired before `before`. */
  purgeExpired(before: string): Promise<void>;
}
